package jsregexp

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// validCases are patterns that must be accepted with the given flags.
var validCases = []struct{ pattern, flags string }{
	// Basics and flags.
	{``, ``},
	{`abc`, `dgimsy`},
	{`a|b|`, `u`},
	{`a`, `v`},
	{`^a$`, `m`},
	{`.`, `s`},
	{`\b\B`, `u`},

	// Quantifiers.
	{`a*b+c?`, ``},
	{`a*?b+?c??`, `u`},
	{`a{2}`, `u`},
	{`a{2,}`, `u`},
	{`a{2,3}?`, `u`},
	{`a{3,3}`, `u`},
	{`a{007,7}`, `u`},
	{`a{99999999999999999999,99999999999999999999}`, `u`},

	// Annex B: braces that are not quantifiers are pattern characters.
	{`{`, ``},
	{`}`, ``},
	{`]`, ``},
	{`a{`, ``},
	{`a{1`, ``},
	{`a{1,`, ``},
	{`a{,5}`, ``},
	{`a{b}`, ``},
	{`{*`, ``},
	{`x{1}{`, ``},

	// Annex B: quantified lookaheads, \c and octal escapes, identity escapes.
	{`(?=a)*`, ``},
	{`(?!a){1,2}`, ``},
	{`\c`, ``},
	{`\c0`, ``},
	{`\c*`, ``},
	{`[\c]`, ``},
	{`[\c_]`, ``},
	{`[\c1]`, ``},
	{`\cA\cz`, `u`},
	{`\1`, ``},
	{`\8\9`, ``},
	{`\00\012\377\400`, ``},
	{`(a)\1\2`, ``},
	{`\a\e\-\ \M`, ``},
	{`\p{Foo}`, ``},
	{`\P{`, ``},
	{`\u{41}`, ``},
	{`\u12`, ``},
	{`\x1`, ``},
	{`\k`, ``},
	{`\k<a>`, ``},
	{`[\k]`, ``},
	{`[\b]`, ``},
	{`[\B]`, ``},
	{`[\d-a]`, ``},
	{`[a-\w]`, ``},
	{`[\s-\d]`, ``},
	{`[%-\d]`, ``},
	{`[--\d]`, ``},
	{`[\1-\7]`, ``},
	{`[\11-\12]`, ``},
	{"[a-\U0001F4A9]", ``},

	// Classes.
	{`[]`, ``},
	{`[^]`, `u`},
	{`[a-z0-9_-]`, `u`},
	{`[-a]`, `u`},
	{`[a-]`, `u`},
	{`[\-]`, `u`},
	{`[\b]`, `u`},
	{`[a-b-c]`, `u`},
	{`[\u0041-\u005A]`, `u`},
	{`[\u{1F600}-\u{1F64F}]`, `u`},
	{`[\uD83D\uDE00-\uD83D\uDE4F]`, `u`},
	{"[\U0001F600-\U0001F64F]", `u`},
	{`[/]`, `u`},
	{`[(){}|]`, `u`},
	{`[\d-]`, `u`},

	// Escapes in Unicode mode.
	{`\^\$\\\.\*\+\?\(\)\[\]\{\}\|\/`, `u`},
	{`\0`, `u`},
	{`\0a`, `u`},
	{`\x41\u0041\u{41}\u{0000000041}\u{10FFFF}`, `u`},
	{`\uD83D\uDE00`, `u`},
	{`\uD83D`, `u`},
	{`\f\n\r\t\v`, `u`},
	{`\d\D\s\S\w\W`, `u`},
	{`(a)\1`, `u`},
	{`\1(a)`, `u`},

	// Groups and modifiers.
	{`(?:a)`, `u`},
	{`(?i:a)`, ``},
	{`(?ims:a)`, `u`},
	{`(?-i:a)`, ``},
	{`(?i-ms:a)`, `u`},
	{`(?i-:a)`, ``},
	{`(?<=a)(?<!b)`, `u`},
	{`(?=a)(?!b)`, `u`},

	// Named groups.
	{`(?<a>x)\k<a>`, ``},
	{`\k<a>(?<a>x)`, `u`},
	{`(?<$_a1>x)`, `u`},
	{`(?<\u0061>x)\k<a>`, ``},
	{`(?<a>x)\k<\u{61}>`, `u`},
	{`(?<\u{1D49C}>x)`, ``},
	{`(?<\uD835\uDC9C>x)`, ``},
	{`(?<\uD835\uDC9C>x)`, `u`},
	{"(?<\U0001D49C>x)", ``},
	{"(?<π>x)(?<a\u200cb>y)(?<c\u200d>z)", `u`},
	{`(?<a>x)|(?<a>y)`, ``},
	{`(?:(?<a>x)|(?<a>y))\k<a>`, `u`},
	{`(?<a>x)|(?:(?<a>y)|(?<a>z))`, `u`},
	{`((?<a>x)|(?<a>y))|(?<a>z)`, ``},

	// Property escapes.
	{`\p{L}\P{Lu}\p{Letter}\p{gc=Lu}\p{General_Category=Decimal_Number}`, `u`},
	{`\p{Script=Greek}\p{sc=Grek}\p{scx=Latn}\p{Script_Extensions=Latin}`, `u`},
	{`\p{Script=Qaai}\p{sc=Zyyy}\p{sc=Garay}\p{sc=Tutg}\p{scx=Tai_Yo}\p{sc=Sidt}`, `u`},
	{`\p{ASCII}\p{Any}\p{Assigned}\p{ID_Start}\p{XIDC}\p{space}`, `u`},
	{`\p{Extended_Pictographic}\p{ExtPict}\p{EBase}\p{Emoji}`, `u`},
	{`\p{cntrl}\p{digit}\p{punct}\p{Combining_Mark}\p{LC}`, `u`},
	{`[\p{L}--\p{Lu}]`, `v`},
	{`\p{RGI_Emoji}`, `v`},
	{`[\p{RGI_Emoji}\p{Basic_Emoji}]`, `v`},
	{`\p{Emoji_Keycap_Sequence}`, `v`},

	// v-mode classes.
	{`[a-z]`, `v`},
	{`[^a-z]`, `v`},
	{`[[a-z]--[aeiou]]`, `v`},
	{`[\w&&\d]`, `v`},
	{`[\w&&\d&&[0-5]]`, `v`},
	{`[\w--\d--_]`, `v`},
	{`[[a][b]c-d\q{ef|g}]`, `v`},
	{`[^\q{a|b}]`, `v`},
	{`[^[\q{ab}&&a]]`, `v`},
	{`[\q{}]`, `v`},
	{`[\q{abc|d|}]`, `v`},
	{`[\&\-\!\#\%\,\:\;\<\=\>\@\` + "`" + `\~]`, `v`},
	{`[&!#%,:;<=>@` + "`" + `~]`, `v`},
	{`[a&b]`, `v`},
	{`[\b\x41\u{1F600}\cA\0]`, `v`},
	{`[^]`, `v`},
	{`[]`, `v`},
	{`[[]]`, `v`},
	{`[^[^a]]`, `v`},
}

// invalidCases are patterns that must be rejected; msg is a fragment of the
// expected message and at the expected offset (-1 for flags).
var invalidCases = []struct {
	pattern, flags string
	at             int
	msg            string
}{
	// Flags.
	{`a`, `x`, -1, "unknown flag"},
	{`a`, `gg`, -1, "duplicate flag"},
	{`a`, `uv`, -1, "u and v"},
	{`a`, `\u0067`, -1, "unknown flag"},
	{`a`, `G`, -1, "unknown flag"},

	// Nothing to repeat.
	{`*`, ``, 0, "nothing to repeat"},
	{`a**`, ``, 2, "nothing to repeat"},
	{`a|?`, ``, 2, "nothing to repeat"},
	{`a???`, ``, 3, "nothing to repeat"},
	{`^*`, ``, 1, "nothing to repeat"},
	{`$+`, `u`, 1, "nothing to repeat"},
	{`\b*`, ``, 2, "nothing to repeat"},
	{`(?<=a)*`, ``, 6, "nothing to repeat"},
	{`(?<!a){1}`, ``, 6, "nothing to repeat"},
	{`(?=a)*`, `u`, 5, "nothing to repeat"},
	{`(?!a)?`, `v`, 5, "nothing to repeat"},
	{`{1}`, ``, 0, "nothing to repeat"},
	{`{1,}`, ``, 0, "nothing to repeat"},
	{`{1,2}`, ``, 0, "nothing to repeat"},
	{`a{1}{2}`, ``, 4, "nothing to repeat"},
	{`a*{2}`, ``, 2, "nothing to repeat"},

	// Braces in Unicode mode.
	{`{`, `u`, 0, "lone quantifier bracket"},
	{`a{`, `u`, 1, "incomplete quantifier"},
	{`a{1`, `u`, 1, "incomplete quantifier"},
	{`a{,1}`, `u`, 1, "incomplete quantifier"},
	{`}`, `u`, 0, "lone"},
	{`]`, `v`, 0, "lone"},
	{`a{2,1}`, ``, 1, "out of order"},
	{`a{2,1}`, `u`, 1, "out of order"},
	{`a{10,9}`, ``, 1, "out of order"},
	{`a{100000000000000000001,100000000000000000000}`, ``, 1, "out of order"},

	// Groups.
	{`(`, ``, 0, "unterminated group"},
	{`(a`, `u`, 0, "unterminated group"},
	{`a)`, ``, 1, "unmatched ')'"},
	{`(?`, ``, 0, "invalid group"},
	{`(?a)`, ``, 0, "invalid group"},
	{`(?<a)`, ``, 4, "invalid character in group name"},
	{`(?<>a)`, ``, 2, "empty group name"},
	{`(?<a`, ``, 2, "unterminated group name"},
	{`(?<1a>x)`, `u`, 3, "invalid character in group name"},
	{`(?<a-b>x)`, ``, 4, "invalid character in group name"},
	{`(?<\u0031>x)`, ``, 3, "invalid character in group name"},
	{`(?<\uD835>x)`, `u`, 3, "invalid character in group name"},
	{`(?<\x61>x)`, ``, 3, "invalid escape in group name"},
	{`(?<\u{110000}>x)`, ``, 3, "invalid unicode escape"},
	{`(?<a>x)(?<a>y)`, ``, 9, "duplicate capture group name"},
	{`(?<a>x)(?<\u0061>y)`, `u`, 9, "duplicate capture group name"},
	{`(?<a>(?<a>x))`, ``, 7, "duplicate capture group name"},
	{`(?<a>x)|(?<a>y)(?<a>z)`, ``, 17, "duplicate capture group name"},
	{`(?:(?<a>x)|(?<a>y))(?<a>z)`, ``, 21, "duplicate capture group name"},
	{`(?<a>x)\k<b>`, ``, 7, "undefined group name"},
	{`\k<a>`, `u`, 0, "undefined group name"},
	{`(?<a>x)\k`, ``, 7, `\k must be followed`},
	{`\k`, `u`, 0, `\k must be followed`},
	{`(?<a>x)[\k]`, ``, 8, `\k is not allowed`},

	// Modifiers.
	{`(?-:a)`, ``, 0, "must add or remove"},
	{`(?ii:a)`, ``, 3, "repeated flag"},
	{`(?i-i:a)`, ``, 0, "both add and remove"},
	{`(?m-sm:a)`, `u`, 0, "both add and remove"},
	{`(?-ss:a)`, ``, 4, "repeated flag"},
	{`(?I:a)`, ``, 0, "invalid group"},
	{`(?g:a)`, ``, 0, "invalid group"},
	{`(?i)`, ``, 0, "invalid group"},
	{`(?i-s)`, ``, 0, "invalid group"},

	// Escapes in Unicode mode.
	{`\`, ``, 0, `\ at end`},
	{`a\`, `u`, 1, `\ at end`},
	{`\c0`, `u`, 0, `\c must be followed`},
	{`\c`, `u`, 0, `\c must be followed`},
	{`[\c_]`, `u`, 1, `\c must be followed`},
	{`\M`, `u`, 0, "invalid escape"},
	{`\-`, `u`, 0, "invalid escape"},
	{`\1`, `u`, 0, "does not exist"},
	{`(a)\2`, `u`, 3, "does not exist"},
	{`\8`, `u`, 0, "does not exist"},
	{`\00`, `u`, 0, `\0 cannot be followed`},
	{`[\1]`, `u`, 1, "invalid class escape"},
	{`[\8]`, `u`, 1, "invalid escape"},
	{`\x4`, `u`, 0, `\x must be followed`},
	{`\u004`, `u`, 0, "invalid unicode escape"},
	{`\u{}`, `u`, 0, "invalid unicode escape"},
	{`\u{110000}`, `u`, 0, "invalid unicode escape"},
	{`\u{1F_639}`, `u`, 0, "invalid unicode escape"},
	{`\u{12`, `u`, 0, "invalid unicode escape"},
	{`\k<a`, `u`, 2, "unterminated group name"},

	// Classes.
	{`[`, ``, 0, "unterminated character class"},
	{`[a`, `u`, 0, "unterminated character class"},
	{`[z-a]`, ``, 1, "out of order"},
	{`[z-a]`, `u`, 1, "out of order"},
	{`[\d-a]`, `u`, 1, "range bound"},
	{`[a-\d]`, `u`, 1, "range bound"},
	{`[\s-\d]`, `u`, 1, "range bound"},
	{`[--\d]`, `u`, 1, "range bound"},
	{"[\U0001F4A9-a]", ``, 1, "out of order"}, // non-Unicode: the trail surrogate is the bound
	{`[\uD83D\uDCA9-\uD83D\uDCAB]`, ``, 7, "out of order"},
	{`[\12-\11]`, ``, 1, "out of order"},
	{`[\c-a]`, ``, 2, "out of order"},
	{`[\c-\c]`, ``, 2, "out of order"}, // \ then c-\: 0x63 > 0x5C
	{`[\k]`, `u`, 1, "invalid escape"},
	{`[\B]`, `u`, 1, "invalid escape"},

	// Property escapes.
	{`\p`, `u`, 0, "property in braces"},
	{`\p{L`, `u`, 0, "invalid property name"},
	{`\p{}`, `u`, 0, "invalid property name"},
	{`\p{l}`, `u`, 0, "invalid property name"},
	{`\p{IsLetter}`, `u`, 0, "invalid property name"},
	{`\p{Letter }`, `u`, 0, "invalid property name"},
	{`\p{General_Category}`, `u`, 0, "invalid property name"},
	{`\p{gc=Greek}`, `u`, 0, "invalid property name"},
	{`\p{sc=Lu}`, `u`, 0, "invalid property name"},
	{`\p{Script=greek}`, `u`, 0, "invalid property name"},
	{`\p{Block=Basic_Latin}`, `u`, 0, "invalid property name"},
	{`\p{ASCII=Y}`, `u`, 0, "invalid property name"},
	{`\p{Greek}`, `u`, 0, "invalid property name"},
	{`\p{Full_Composition_Exclusion}`, `u`, 0, "invalid property name"},
	{`\p{scx=}`, `u`, 0, "invalid property name"},
	{`a\P{Lu=}`, `u`, 1, "invalid property name"},
	{`\p{RGI_Emoji}`, `u`, 0, "only with the v flag"},
	{`\P{RGI_Emoji}`, `v`, 0, `\P cannot be used`},
	{`[\P{Basic_Emoji}]`, `v`, 1, `\P cannot be used`},

	// v-mode classes.
	{`[^\p{RGI_Emoji}]`, `v`, 0, "negated character class cannot contain strings"},
	{`[^\q{ab}]`, `v`, 0, "negated character class"},
	{`[^\q{}]`, `v`, 0, "negated character class"},
	{`[^\q{a|bc}]`, `v`, 0, "negated character class"},
	{`[[^\q{ab}]]`, `v`, 1, "negated character class"},
	{`[^[\q{ab}]]`, `v`, 0, "negated character class"},
	{`[^\p{RGI_Emoji}--a]`, `v`, 0, "negated character class"},
	{`[^\q{ab}&&\q{ab}]`, `v`, 0, "negated character class"},
	{`[(]`, `v`, 1, "must be escaped"},
	{`[)]`, `v`, 1, "must be escaped"},
	{`[{]`, `v`, 1, "must be escaped"},
	{`[}]`, `v`, 1, "must be escaped"},
	{`[/]`, `v`, 1, "must be escaped"},
	{`[|]`, `v`, 1, "must be escaped"},
	{`[-]`, `v`, 1, "must be escaped"},
	{`[a-]`, `v`, 3, "must be escaped"},
	{`[a-z-b]`, `v`, 4, "must be escaped"},
	{`[a&&&b]`, `v`, 4, "invalid set operation"},
	{`[&&a]`, `v`, 1, "reserved"},
	{`[a!!b]`, `v`, 2, "reserved"},
	{"[a``b]", `v`, 2, "reserved"},
	{`[a&&b--c]`, `v`, 5, "invalid set operation"},
	{`[a--b&&c]`, `v`, 5, "invalid set operation"},
	{`[a-z&&b]`, `v`, 4, "cannot be mixed"},
	{`[ab--c]`, `v`, 3, "cannot be mixed"},
	{`[a&&b-c]`, `v`, 5, "invalid set operation"},
	{`[a--]`, `v`, 4, "must be escaped"},
	{`[z-a]`, `v`, 2, "out of order"},
	{`[\d-a]`, `v`, 3, "must be escaped"},
	{`[a-\d]`, `v`, 3, "range bound"},
	{`[\q{a]`, `v`, 5, "must be escaped"},
	{`[\q{a`, `v`, 1, `unterminated \q{`},
	{`[\qa]`, `v`, 1, `\q must be followed`},
	{`\q{a}`, `v`, 0, "invalid escape"},
	{`[\q{a&&b}]`, `v`, 5, "reserved"},
	{`[a`, `v`, 0, "unterminated character class"},
	{`[[a]`, `v`, 0, "unterminated character class"},
	{`[\y]`, `v`, 1, "invalid escape"},
}

func TestValidPatterns(t *testing.T) {
	for _, tc := range validCases {
		if err := Validate(tc.pattern, tc.flags); err != nil {
			t.Errorf("Validate(%q, %q) = %v, want nil", tc.pattern, tc.flags, err)
		}
	}
}

func TestInvalidPatterns(t *testing.T) {
	for _, tc := range invalidCases {
		err := Validate(tc.pattern, tc.flags)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Validate(%q, %q) = %v, want *Error", tc.pattern, tc.flags, err)
			continue
		}
		if e.Offset != tc.at || !strings.Contains(e.Msg, tc.msg) {
			t.Errorf("Validate(%q, %q) = offset %d %q, want offset %d %q", tc.pattern, tc.flags, e.Offset, e.Msg, tc.at, tc.msg)
		}
	}
}

// TestModes checks patterns whose validity depends only on the mode: valid
// without flags (Annex B) and invalid with u and with v.
func TestModes(t *testing.T) {
	annexBOnly := []string{
		`{`, `a{`, `a{1`, `}`, `]`, `\1`, `\00`, `(?=a)*`, `(?!a)+`, `(?=a){2}`,
		`\c`, `\c1`, `[\c1]`, `\a`, `\-`, `[\d-a]`, `\p{L`, `\x`, `\u`, `\u{110000}`,
		`\k`, `[\k]`, `\8`, `\p`,
	}
	for _, pat := range annexBOnly {
		if err := Validate(pat, ""); err != nil {
			t.Errorf("Validate(%q, \"\") = %v, want nil (Annex B)", pat, err)
		}
		for _, flags := range []string{"u", "v"} {
			if err := Validate(pat, flags); err == nil {
				t.Errorf("Validate(%q, %q) = nil, want an error", pat, flags)
			}
		}
	}
}

func TestErrorString(t *testing.T) {
	err := Validate("a**", "")
	if got, want := err.Error(), "invalid regular expression: nothing to repeat"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	err = Validate("a", "gg")
	if got, want := err.Error(), `invalid regular expression flags: duplicate flag 'g'`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// TestTablesSorted guards the binary searches in classifyProperty.
func TestTablesSorted(t *testing.T) {
	for name, table := range map[string][]string{
		"generalCategoryValues": generalCategoryValues,
		"scriptValues":          scriptValues,
		"binaryProperties":      binaryProperties,
		"stringProperties":      stringProperties,
	} {
		if !slices.IsSorted(table) {
			t.Errorf("%s is not sorted", name)
		}
		if len(slices.Compact(slices.Clone(table))) != len(table) {
			t.Errorf("%s has duplicates", name)
		}
	}
}

// TestNoAllocs checks that patterns without named groups cost no
// allocation: Validate runs for every regular expression literal.
func TestNoAllocs(t *testing.T) {
	for _, tc := range []struct{ pattern, flags string }{
		{`^[a-z0-9_.+-]+@[a-z0-9-]+\.[a-z]{2,}$`, `i`},
		{`(\d{1,3})\.(\d{1,3})|(?:foo|bar)*?\1`, `g`},
		{`[\p{L}\p{N}]+\u{1F600}(?<=x)`, `u`},
		{`[[a-z]--[aeiou]--\q{ch|sh}]`, `v`},
	} {
		allocs := testing.AllocsPerRun(100, func() {
			if err := Validate(tc.pattern, tc.flags); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("Validate(%q, %q): %v allocations, want 0", tc.pattern, tc.flags, allocs)
		}
	}
}

func BenchmarkValidate(b *testing.B) {
	const pattern = `^(?:[a-z0-9!#$%&'*+/=?^_{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_{|}~-]+)*)@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$`
	b.SetBytes(int64(len(pattern)))
	for b.Loop() {
		if err := Validate(pattern, "i"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestNesting checks deep nesting within the limit and the error past it.
func TestNesting(t *testing.T) {
	deep := func(open, close string, n int) string {
		return strings.Repeat(open, n) + strings.Repeat(close, n)
	}
	for _, tc := range []struct {
		pattern, flags string
		ok             bool
	}{
		{deep("(", ")", 1000), "", true},
		{deep("(?:", ")", maxDepth), "u", true},
		{deep("(", ")", maxDepth+1), "", false},
		{deep("[", "]", 1000), "v", true},
		{deep("[", "]", maxDepth+1), "v", false},
	} {
		err := Validate(tc.pattern, tc.flags)
		if (err == nil) != tc.ok {
			t.Errorf("Validate(%d bytes of nesting, %q) = %v, want ok=%v", len(tc.pattern), tc.flags, err, tc.ok)
		}
	}
}
