// Package jsregexp reports the early errors of ECMAScript regular expression
// literals: the ECMAScript 2025 pattern grammar (22.2.1), its static
// semantics (22.2.1.1) and, for patterns without the u or v flag, the web
// compatibility grammar of Annex B.1.2.
//
// It validates; it does not compile. A parser calls Validate once per
// regular expression literal, so the common case (a pattern without named
// groups) runs in one pass over the bytes and allocates nothing.
package jsregexp

import (
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/bmesjs/bmes/internal/jsident"
)

// Error is a syntax error in a regular expression literal. Offset is the
// byte offset in the pattern where the problem was found, or -1 when the
// flags are at fault.
type Error struct {
	Offset int
	Msg    string
}

// Error returns the message, prefixed with what was invalid.
func (e *Error) Error() string {
	if e.Offset < 0 {
		return "invalid regular expression flags: " + e.Msg
	}
	return "invalid regular expression: " + e.Msg
}

// Validate reports whether pattern (the raw source text between the slashes
// of a regular expression literal, as UTF-8 text; it may contain escapes like
// \u{1F600}) with flags (the raw flags string) is a valid ECMAScript 2025
// regular expression. It returns nil, or an *Error whose message says what is
// wrong and whose Offset gives the byte offset within pattern (or -1 for a
// flags problem).
//
// Invalid UTF-8 in pattern is read as U+FFFD, as the module parser reads
// source text. Line terminators are not rejected here: the lexer never lets
// them into a literal.
func Validate(pattern, flags string) error {
	u, v, ferr := parseFlags(flags)
	if ferr != nil {
		return ferr
	}
	p := parser{src: pattern, unicode: u || v, sets: v, named: u || v}
	if err := p.parse(); err != nil {
		return err
	}
	// Annex B ParsePattern: without u or v, a pattern is parsed without
	// [NamedCaptureGroups] first, and again with it if it turned out to
	// contain a group name. Only \k reads differently in that second parse,
	// so it is needed only when both were seen.
	if !p.unicode && p.hasNames && p.sawK {
		p = parser{src: pattern, named: true}
		if err := p.parse(); err != nil {
			return err
		}
	}
	return nil
}

// parseFlags checks RegularExpressionFlags: each of d g i m s u v y at most
// once, and not both u and v.
func parseFlags(flags string) (u, v bool, err *Error) {
	const all = "dgimsuvy"
	var seen [len(all)]bool
	for i := 0; i < len(flags); {
		r, size := utf8.DecodeRuneInString(flags[i:])
		k := -1
		for j := 0; j < len(all); j++ {
			if rune(all[j]) == r {
				k = j
				break
			}
		}
		if k < 0 {
			return false, false, &Error{-1, fmt.Sprintf("unknown flag %q", r)}
		}
		if seen[k] {
			return false, false, &Error{-1, fmt.Sprintf("duplicate flag %q", r)}
		}
		seen[k] = true
		i += size
	}
	u, v = seen[5], seen[6]
	if u && v {
		return false, false, &Error{-1, "flags u and v cannot be combined"}
	}
	return u, v, nil
}

// maxDepth bounds the nesting of groups and v-mode classes. The grammar has
// no limit, but the parser recurses, and a goroutine stack overflow cannot be
// recovered: a limit turns a pathological literal into an error. Engines have
// such limits too, far lower than this one.
const maxDepth = 1 << 16

// parser holds the state of one parse of a pattern. It lives on the
// caller's stack; only named groups and \k references allocate.
type parser struct {
	src     string
	pos     int
	unicode bool // [UnicodeMode]: the u or v flag
	sets    bool // [UnicodeSetsMode]: the v flag
	named   bool // [NamedCaptureGroups]

	depth      int  // groups and nested classes open, against maxDepth
	groups     int  // left-capturing parentheses so far
	disjs      int  // Disjunctions opened so far, to number them
	hasNames   bool // a GroupSpecifier was seen
	sawK       bool // \k was read as an identity escape (Annex B)
	maxBackref int  // largest DecimalEscape in Unicode mode, saturated
	backrefAt  int  // where that DecimalEscape is

	// half is set, without the u or v flag, while p.pos is on a
	// supplementary character whose leading surrogate has been read as a
	// class atom: such a pattern is a sequence of UTF-16 code units, and the
	// trailing surrogate is the next atom.
	half bool

	names []namedGroup
	refs  []namedRef
}

// namedGroup is a GroupSpecifier: its raw name (escapes not decoded), where
// it is, and the path of alternatives that leads to it, which decides
// whether two groups of the same name might both participate in a match.
type namedGroup struct {
	name string
	at   int
	path []alternative
}

// namedRef is a \k<name> reference, checked once all groups are known.
type namedRef struct {
	name string
	at   int
}

// alternative identifies one Alternative of one Disjunction.
type alternative struct{ disj, index int }

// frame is a Disjunction being parsed. Frames live on the Go stack and link
// to their parents so that a named group can copy its path.
type frame struct {
	parent *frame
	depth  int
	alt    alternative
}

func (p *parser) errAt(at int, msg string) *Error {
	return &Error{Offset: at, Msg: msg}
}

func (p *parser) more() bool { return p.pos < len(p.src) }

// peekIs reports whether the byte at p.pos+off is c.
func (p *parser) peekIs(off int, c byte) bool {
	i := p.pos + off
	return i < len(p.src) && p.src[i] == c
}

func (p *parser) parse() *Error {
	if err := p.disjunction(nil); err != nil {
		return err
	}
	if p.more() {
		// disjunction stops only at the end or at a ')' that closes nothing.
		return p.errAt(p.pos, "unmatched ')'")
	}
	if p.unicode && p.maxBackref > p.groups {
		return p.errAt(p.backrefAt, "backreference to a group that does not exist")
	}
	for _, r := range p.refs {
		if !p.hasGroup(r.name) {
			return p.errAt(r.at, "backreference to an undefined group name")
		}
	}
	return nil
}

// disjunction parses Alternatives separated by '|', up to the end of the
// pattern or a ')' (which it leaves for the caller).
func (p *parser) disjunction(parent *frame) *Error {
	f := frame{parent: parent, alt: alternative{disj: p.disjs}}
	if parent != nil {
		f.depth = parent.depth + 1
	}
	p.disjs++
	for {
		for p.more() && p.src[p.pos] != '|' && p.src[p.pos] != ')' {
			if err := p.term(&f); err != nil {
				return err
			}
		}
		if !p.peekIs(0, '|') {
			return nil
		}
		p.pos++
		f.alt.index++
	}
}

// term parses one Term: an Assertion, or an Atom (ExtendedAtom in Annex B)
// with an optional Quantifier. A quantifier after something that cannot be
// quantified is left in place; the next term reports "nothing to repeat".
func (p *parser) term(f *frame) *Error {
	start := p.pos
	switch c := p.src[p.pos]; c {
	case '^', '$':
		p.pos++
		return nil
	case '\\':
		if p.peekIs(1, 'b') || p.peekIs(1, 'B') {
			p.pos += 2
			return nil
		}
		if err := p.atomEscape(); err != nil {
			return err
		}
	case '(':
		quantifiable, err := p.group(f)
		if err != nil || !quantifiable {
			return err
		}
	case '[':
		if err := p.class(); err != nil {
			return err
		}
	case '.':
		p.pos++
	case '*', '+', '?':
		return p.errAt(start, "nothing to repeat")
	case '{':
		if _, ok, err := p.braces(); ok || err != nil {
			// Annex B: ExtendedAtom :: InvalidBracedQuantifier is an error.
			return p.errAt(start, "nothing to repeat")
		}
		if p.unicode {
			return p.errAt(start, "lone quantifier bracket")
		}
		p.pos++ // Annex B ExtendedPatternCharacter
	case '}', ']':
		if p.unicode {
			return p.errAt(start, fmt.Sprintf("lone %q; escape it as \\%c", c, c))
		}
		p.pos++
	default:
		_, size := utf8.DecodeRuneInString(p.src[p.pos:])
		p.pos += size
	}
	return p.quantifier()
}

// quantifier parses an optional Quantifier after an atom.
func (p *parser) quantifier() *Error {
	if !p.more() {
		return nil
	}
	switch p.src[p.pos] {
	case '*', '+', '?':
		p.pos++
	case '{':
		end, ok, err := p.braces()
		if err != nil {
			return err
		}
		if !ok {
			if p.unicode {
				return p.errAt(p.pos, "incomplete quantifier")
			}
			return nil // Annex B: the '{' is a pattern character
		}
		p.pos = end
	default:
		return nil
	}
	if p.peekIs(0, '?') {
		p.pos++
	}
	return nil
}

// braces reads a braced quantifier {n}, {n,} or {n,m} at p.pos without
// consuming it. ok is false if the text there is not one; err reports
// {n,m} with n > m.
func (p *parser) braces() (end int, ok bool, err *Error) {
	s := p.src
	i := p.pos + 1
	lo := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == lo || i >= len(s) {
		return 0, false, nil
	}
	min := s[lo:i]
	if s[i] == '}' {
		return i + 1, true, nil
	}
	if s[i] != ',' {
		return 0, false, nil
	}
	i++
	hi := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i >= len(s) || s[i] != '}' {
		return 0, false, nil
	}
	if max := s[hi:i]; max != "" && compareDecimal(min, max) > 0 {
		return 0, false, p.errAt(p.pos, "numbers out of order in {} quantifier")
	}
	return i + 1, true, nil
}

// compareDecimal compares two strings of decimal digits by value, however
// long they are.
func compareDecimal(a, b string) int {
	for len(a) > 1 && a[0] == '0' {
		a = a[1:]
	}
	for len(b) > 1 && b[0] == '0' {
		b = b[1:]
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// group parses everything that starts with '(' and reports whether a
// quantifier may follow: lookbehinds never, lookaheads only in Annex B.
func (p *parser) group(f *frame) (quantifiable bool, err *Error) {
	start := p.pos
	if p.depth++; p.depth > maxDepth {
		return false, p.errAt(start, "groups nested too deeply")
	}
	defer func() { p.depth-- }()
	p.pos++
	quantifiable = true
	if p.peekIs(0, '?') {
		p.pos++
		switch {
		case p.peekIs(0, '='), p.peekIs(0, '!'):
			p.pos++
			quantifiable = !p.unicode
		case p.peekIs(0, '<') && (p.peekIs(1, '=') || p.peekIs(1, '!')):
			p.pos += 2
			quantifiable = false
		case p.peekIs(0, '<'):
			at := p.pos
			name, err := p.groupName()
			if err != nil {
				return false, err
			}
			p.groups++
			if err := p.addName(name, at, f); err != nil {
				return false, err
			}
		default:
			if err := p.modifiers(start); err != nil {
				return false, err
			}
		}
	} else {
		p.groups++
	}
	if err := p.disjunction(f); err != nil {
		return false, err
	}
	if !p.peekIs(0, ')') {
		return false, p.errAt(start, "unterminated group")
	}
	p.pos++
	return quantifiable, nil
}

// modifiers parses the flags of (?ims-ims: …) after "(?", including the ':'
// (which makes "(?:" the case with no modifiers at all).
func (p *parser) modifiers(start int) *Error {
	add, err := p.modifierSet()
	if err != nil {
		return err
	}
	var remove uint8
	dash := p.peekIs(0, '-')
	if dash {
		p.pos++
		if remove, err = p.modifierSet(); err != nil {
			return err
		}
	}
	if !p.peekIs(0, ':') {
		return p.errAt(start, "invalid group")
	}
	switch {
	case dash && add == 0 && remove == 0:
		return p.errAt(start, "modifiers group (?-:…) must add or remove a flag")
	case add&remove != 0:
		return p.errAt(start, "a modifiers group cannot both add and remove the same flag")
	}
	p.pos++
	return nil
}

// modifierSet reads RegularExpressionModifiers: i, m and s, each at most
// once.
func (p *parser) modifierSet() (uint8, *Error) {
	var set uint8
	for p.more() {
		var bit uint8
		switch p.src[p.pos] {
		case 'i':
			bit = 1
		case 'm':
			bit = 2
		case 's':
			bit = 4
		default:
			return set, nil
		}
		if set&bit != 0 {
			return 0, p.errAt(p.pos, "repeated flag in modifiers group")
		}
		set |= bit
		p.pos++
	}
	return set, nil
}

// groupName parses GroupName at p.pos ('<') and returns the raw text between
// the angle brackets. Names are RegExpIdentifierNames: IdentifierStartChar
// then IdentifierPartChars, each possibly written as \u escape (including
// \u{…} and a \uXXXX\uXXXX surrogate pair, in every mode).
func (p *parser) groupName() (string, *Error) {
	open := p.pos
	p.pos++
	start := p.pos
	for {
		if !p.more() {
			return "", p.errAt(open, "unterminated group name")
		}
		if p.src[p.pos] == '>' {
			if p.pos == start {
				return "", p.errAt(open, "empty group name")
			}
			name := p.src[start:p.pos]
			p.pos++
			return name, nil
		}
		at := p.pos
		var r rune
		if p.src[p.pos] == '\\' {
			var ok bool
			p.pos++
			if !p.peekIs(0, 'u') {
				return "", p.errAt(at, "invalid escape in group name")
			}
			if r, ok = p.unicodeEscape(true); !ok {
				return "", p.errAt(at, "invalid unicode escape in group name")
			}
		} else {
			var size int
			r, size = utf8.DecodeRuneInString(p.src[p.pos:])
			p.pos += size
		}
		if at == start && !jsident.IsStart(r) || at != start && !jsident.IsPart(r) {
			return "", p.errAt(at, "invalid character in group name")
		}
	}
}

// addName records a named group and reports a duplicate name, unless the two
// groups are in different alternatives of some Disjunction (ES2025: such
// groups can never both participate in a match).
func (p *parser) addName(name string, at int, f *frame) *Error {
	p.hasNames = true
	path := make([]alternative, f.depth+1)
	for g := f; g != nil; g = g.parent {
		path[g.depth] = g.alt
	}
	for _, g := range p.names {
		if mightBothParticipate(g.path, path) && sameName(g.name, name) {
			return p.errAt(at, "duplicate capture group name")
		}
	}
	p.names = append(p.names, namedGroup{name: name, at: at, path: path})
	return nil
}

// mightBothParticipate implements the static semantics of that name: two
// groups cannot both participate exactly when, in the innermost Disjunction
// that holds both, they are in different Alternatives.
func mightBothParticipate(a, b []alternative) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i].disj != b[i].disj {
			return true
		}
		if a[i].index != b[i].index {
			return false
		}
	}
	return true
}

func (p *parser) hasGroup(name string) bool {
	for _, g := range p.names {
		if sameName(g.name, name) {
			return true
		}
	}
	return false
}

// sameName compares two raw group names by their code points, so that
// (?<a>…) and \k<\u0061> agree.
func sameName(a, b string) bool {
	if a == b {
		return true
	}
	for i, j := 0, 0; ; {
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		var ra, rb rune
		ra, i = nameRune(a, i)
		rb, j = nameRune(b, j)
		if ra != rb {
			return false
		}
	}
}

// nameRune decodes the code point at s[i] of a group name that groupName
// has already validated.
func nameRune(s string, i int) (rune, int) {
	if s[i] != '\\' {
		r, size := utf8.DecodeRuneInString(s[i:])
		return r, i + size
	}
	q := parser{src: s, pos: i + 1}
	r, _ := q.unicodeEscape(true)
	return r, q.pos
}

// unicodeEscape reads RegExpUnicodeEscapeSequence with p.pos on the 'u'. In
// Unicode mode that is \u{CodePoint} or \uXXXX, a leading surrogate joining
// a \uXXXX trailing surrogate that follows; otherwise only \uXXXX. On
// failure p.pos is unchanged.
func (p *parser) unicodeEscape(unicodeMode bool) (rune, bool) {
	s := p.src
	i := p.pos + 1
	if unicodeMode && i < len(s) && s[i] == '{' {
		i++
		var v rune
		digits := 0
		for i < len(s) && isHex(s[i]) {
			v = v*16 + hexVal(s[i])
			if v > utf8.MaxRune {
				return 0, false
			}
			digits++
			i++
		}
		if digits == 0 || i >= len(s) || s[i] != '}' {
			return 0, false
		}
		p.pos = i + 1
		return v, true
	}
	v, ok := hex4(s, i)
	if !ok {
		return 0, false
	}
	p.pos = i + 4
	if unicodeMode && utf16.IsSurrogate(v) && v < 0xDC00 &&
		p.peekIs(0, '\\') && p.peekIs(1, 'u') {
		if t, ok := hex4(s, p.pos+2); ok && t >= 0xDC00 && t <= 0xDFFF {
			p.pos += 6
			return utf16.DecodeRune(v, t), true
		}
	}
	return v, true
}

// atomEscape parses AtomEscape at p.pos (the backslash) outside a class;
// \b and \B have been taken as assertions by the caller.
func (p *parser) atomEscape() *Error {
	start := p.pos
	if p.pos+1 >= len(p.src) {
		return p.errAt(start, `\ at end of pattern`)
	}
	switch c := p.src[p.pos+1]; {
	case c >= '1' && c <= '9':
		p.pos++
		if !p.unicode {
			// Annex B: a backreference if there are that many groups,
			// else a legacy octal escape or identity escape (\8, \9);
			// any digits after the first are pattern characters either
			// way, and none of it can be an error.
			p.pos++
			return nil
		}
		n := 0
		for p.more() && isDigit(p.src[p.pos]) {
			if n < 1<<30 {
				n = n*10 + int(p.src[p.pos]-'0')
			}
			p.pos++
		}
		if n > p.maxBackref {
			p.maxBackref, p.backrefAt = n, start
		}
		return nil
	case c == 'k':
		if !p.named {
			p.sawK = true // Annex B identity escape, for now
			p.pos += 2
			return nil
		}
		p.pos += 2
		if !p.peekIs(0, '<') {
			return p.errAt(start, `\k must be followed by a group name in <>`)
		}
		name, err := p.groupName()
		if err != nil {
			return err
		}
		p.refs = append(p.refs, namedRef{name: name, at: start})
		return nil
	}
	_, _, err := p.escape(false)
	return err
}

// escapeKind says what an escape denotes.
type escapeKind int

const (
	escapeChar    escapeKind = iota // one character, whose value is returned
	escapeClass                     // a CharacterClassEscape: \d, \p{…}, …
	escapeStrings                   // \p{…} of a property of strings (v flag)
)

// escape parses a CharacterEscape or CharacterClassEscape at p.pos (the
// backslash), inside a class or not; the caller has handled \b, decimal
// escapes outside classes, and \k outside classes. It returns the character
// value where there is one (for range checks).
func (p *parser) escape(inClass bool) (rune, escapeKind, *Error) {
	start := p.pos
	if p.pos+1 >= len(p.src) {
		return 0, 0, p.errAt(start, `\ at end of pattern`)
	}
	c := p.src[p.pos+1]
	switch c {
	case 'd', 'D', 's', 'S', 'w', 'W':
		p.pos += 2
		return 0, escapeClass, nil
	case 'p', 'P':
		if !p.unicode {
			break // Annex B identity escape
		}
		kind, err := p.property()
		return 0, kind, err
	case 'f':
		p.pos += 2
		return '\f', escapeChar, nil
	case 'n':
		p.pos += 2
		return '\n', escapeChar, nil
	case 'r':
		p.pos += 2
		return '\r', escapeChar, nil
	case 't':
		p.pos += 2
		return '\t', escapeChar, nil
	case 'v':
		p.pos += 2
		return '\v', escapeChar, nil
	case 'c':
		if p.pos+2 < len(p.src) {
			d := p.src[p.pos+2]
			if isASCIILetter(d) || !p.unicode && inClass && (isDigit(d) || d == '_') {
				p.pos += 3
				return rune(d) % 32, escapeChar, nil
			}
		}
		if p.unicode {
			return 0, 0, p.errAt(start, `\c must be followed by an ASCII letter`)
		}
		// Annex B: \ [lookahead = c] is a backslash; the c is read next.
		p.pos++
		return '\\', escapeChar, nil
	case '0':
		if p.pos+2 >= len(p.src) || !isDigit(p.src[p.pos+2]) {
			p.pos += 2
			return 0, escapeChar, nil
		}
		if p.unicode {
			return 0, 0, p.errAt(start, `\0 cannot be followed by a digit`)
		}
		return p.legacyOctal(), escapeChar, nil
	case '1', '2', '3', '4', '5', '6', '7':
		// Only reached inside a class: DecimalEscape is not a ClassEscape.
		if p.unicode {
			return 0, 0, p.errAt(start, "invalid class escape")
		}
		return p.legacyOctal(), escapeChar, nil
	case 'x':
		if v1, ok := hex2(p.src, p.pos+2); ok {
			p.pos += 4
			return v1, escapeChar, nil
		}
		if p.unicode {
			return 0, 0, p.errAt(start, `\x must be followed by two hex digits`)
		}
	case 'u':
		p.pos++
		if r, ok := p.unicodeEscape(p.unicode); ok {
			return r, escapeChar, nil
		}
		p.pos--
		if p.unicode {
			return 0, 0, p.errAt(start, "invalid unicode escape")
		}
	case '-':
		if inClass && p.unicode {
			p.pos += 2
			return '-', escapeChar, nil
		}
	case 'k':
		// Inside a class (outside, atomEscape has it): with named groups
		// SourceCharacterIdentityEscape excludes k.
		if p.named && !p.unicode {
			return 0, 0, p.errAt(start, `\k is not allowed in a class when the pattern has named groups`)
		}
		if !p.unicode {
			p.sawK = true
		}
	}
	// IdentityEscape.
	if p.unicode {
		if isSyntaxChar(c) || c == '/' {
			p.pos += 2
			return rune(c), escapeChar, nil
		}
		return 0, 0, p.errAt(start, "invalid escape")
	}
	p.pos++
	r, size := utf8.DecodeRuneInString(p.src[p.pos:])
	if r > 0xFFFF && inClass {
		// Annex B escapes one UTF-16 code unit: the leading surrogate.
		p.half = true
		lead, _ := utf16.EncodeRune(r)
		return lead, escapeChar, nil
	}
	p.pos += size
	return r, escapeChar, nil
}

// legacyOctal reads Annex B LegacyOctalEscapeSequence with p.pos on the
// backslash: up to three octal digits, the first 0-3 if there are three.
func (p *parser) legacyOctal() rune {
	s := p.src
	i := p.pos + 1
	first := s[i]
	v := rune(first - '0')
	i++
	if i < len(s) && isOctal(s[i]) {
		v = v*8 + rune(s[i]-'0')
		i++
		if first <= '3' && i < len(s) && isOctal(s[i]) {
			v = v*8 + rune(s[i]-'0')
			i++
		}
	}
	p.pos = i
	return v
}

// property parses \p{…} or \P{…} (Unicode mode only) with p.pos on the
// backslash.
func (p *parser) property() (escapeKind, *Error) {
	start := p.pos
	negated := p.src[p.pos+1] == 'P'
	s := p.src
	i := p.pos + 2
	if i >= len(s) || s[i] != '{' {
		return 0, p.errAt(start, `\p and \P must be followed by a property in braces`)
	}
	i++
	nameStart := i
	for i < len(s) && (isASCIILetter(s[i]) || isDigit(s[i]) || s[i] == '_') {
		i++
	}
	name, value, hasValue := s[nameStart:i], "", false
	if i < len(s) && s[i] == '=' {
		hasValue = true
		i++
		valueStart := i
		for i < len(s) && (isASCIILetter(s[i]) || isDigit(s[i]) || s[i] == '_') {
			i++
		}
		value = s[valueStart:i]
	}
	if i >= len(s) || s[i] != '}' {
		return 0, p.errAt(start, "invalid property name")
	}
	p.pos = i + 1
	switch classifyProperty(name, value, hasValue) {
	case propertyCodePoints:
		return escapeClass, nil
	case propertyStrings:
		switch {
		case !p.sets:
			return 0, p.errAt(start, "properties of strings are valid only with the v flag")
		case negated:
			return 0, p.errAt(start, `\P cannot be used with a property of strings`)
		}
		return escapeStrings, nil
	}
	return 0, p.errAt(start, "invalid property name")
}

// class parses a CharacterClass at p.pos ('[').
func (p *parser) class() *Error {
	start := p.pos
	p.pos++
	negated := p.peekIs(0, '^')
	if negated {
		p.pos++
	}
	if p.sets {
		_, err := p.classSet(start, negated)
		return err
	}
	for {
		if !p.more() {
			return p.errAt(start, "unterminated character class")
		}
		if p.src[p.pos] == ']' {
			p.pos++
			return nil
		}
		at := p.pos
		a, aClass, err := p.classAtom()
		if err != nil {
			return err
		}
		if !p.peekIs(0, '-') || p.pos+1 >= len(p.src) || p.src[p.pos+1] == ']' {
			continue
		}
		p.pos++
		b, bClass, err := p.classAtom()
		if err != nil {
			return err
		}
		switch {
		case aClass || bClass:
			if p.unicode {
				return p.errAt(at, "a character class escape cannot be a range bound")
			}
		case a > b:
			return p.errAt(at, "range out of order in character class")
		}
	}
}

// classAtom reads a ClassAtom in a class without the v flag and returns its
// character value, or isClass for \d and the like.
func (p *parser) classAtom() (v rune, isClass bool, err *Error) {
	if !p.more() {
		return 0, false, p.errAt(p.pos, "unterminated character class")
	}
	if p.half {
		r, size := utf8.DecodeRuneInString(p.src[p.pos:])
		_, trail := utf16.EncodeRune(r)
		p.pos += size
		p.half = false
		return trail, false, nil
	}
	if p.src[p.pos] == '\\' {
		if p.peekIs(1, 'b') {
			p.pos += 2
			return '\b', false, nil
		}
		v, kind, err := p.escape(true)
		return v, kind != escapeChar, err
	}
	r, size := utf8.DecodeRuneInString(p.src[p.pos:])
	if r > 0xFFFF && !p.unicode {
		p.half = true
		lead, _ := utf16.EncodeRune(r)
		return lead, false, nil
	}
	p.pos += size
	return r, false, nil
}

// classSet parses ClassContents[+UnicodeSetsMode] and the closing ']' of a
// class opened at start, and reports MayContainStrings of the contents
// (false for a negated class, where strings are an error).
func (p *parser) classSet(start int, negated bool) (bool, *Error) {
	if p.depth++; p.depth > maxDepth {
		return false, p.errAt(start, "character classes nested too deeply")
	}
	defer func() { p.depth-- }()
	unterminated := func() (bool, *Error) {
		return false, p.errAt(start, "unterminated character class")
	}
	if !p.more() {
		return unterminated()
	}
	if p.src[p.pos] == ']' {
		p.pos++
		return false, nil
	}
	first, isChar, strs, err := p.classSetOperand(start)
	if err != nil {
		return false, err
	}
	switch {
	case p.hasPrefix("&&"):
		// ClassIntersection: strings only if every operand may have them.
		for p.hasPrefix("&&") {
			p.pos += 2
			if p.peekIs(0, '&') {
				return false, p.errAt(p.pos, "invalid set operation in character class")
			}
			_, _, s, err := p.classSetOperand(start)
			if err != nil {
				return false, err
			}
			strs = strs && s
		}
	case p.hasPrefix("--"):
		// ClassSubtraction: strings if the first operand may have them.
		for p.hasPrefix("--") {
			p.pos += 2
			if _, _, _, err := p.classSetOperand(start); err != nil {
				return false, err
			}
		}
	default:
		// ClassUnion of operands and ranges.
		for {
			if isChar && p.peekIs(0, '-') && !p.peekIs(1, '-') {
				at := p.pos
				p.pos++
				last, err := p.classSetCharacter(start)
				if err != nil {
					return false, err
				}
				if first > last {
					return false, p.errAt(at, "range out of order in character class")
				}
			}
			if !p.more() || p.src[p.pos] == ']' {
				break
			}
			if p.hasPrefix("&&") || p.hasPrefix("--") {
				return false, p.errAt(p.pos, "set operations cannot be mixed with a union; nest them in []")
			}
			var s bool
			first, isChar, s, err = p.classSetOperand(start)
			if err != nil {
				return false, err
			}
			strs = strs || s
		}
	}
	if !p.more() {
		return unterminated()
	}
	if p.src[p.pos] != ']' {
		return false, p.errAt(p.pos, "invalid set operation in character class")
	}
	p.pos++
	if negated && strs {
		return false, p.errAt(start, "a negated character class cannot contain strings")
	}
	return strs, nil
}

func (p *parser) hasPrefix(s string) bool {
	return len(p.src)-p.pos >= len(s) && p.src[p.pos:p.pos+len(s)] == s
}

// classSetOperand parses a ClassSetOperand: a NestedClass (including \d and
// \p{…}), a ClassStringDisjunction \q{…}, or a ClassSetCharacter, whose
// value it returns with isChar set so the caller can read a range.
func (p *parser) classSetOperand(classStart int) (v rune, isChar, strs bool, err *Error) {
	if !p.more() {
		return 0, false, false, p.errAt(classStart, "unterminated character class")
	}
	switch p.src[p.pos] {
	case '[':
		start := p.pos
		p.pos++
		negated := p.peekIs(0, '^')
		if negated {
			p.pos++
		}
		strs, err := p.classSet(start, negated)
		return 0, false, strs, err
	case '\\':
		switch {
		case p.peekIs(1, 'q'):
			if !p.peekIs(2, '{') {
				return 0, false, false, p.errAt(p.pos, `\q must be followed by {`)
			}
			strs, err := p.classStrings(classStart)
			return 0, false, strs, err
		case p.peekIs(1, 'd'), p.peekIs(1, 'D'), p.peekIs(1, 's'), p.peekIs(1, 'S'),
			p.peekIs(1, 'w'), p.peekIs(1, 'W'), p.peekIs(1, 'p'), p.peekIs(1, 'P'):
			_, kind, err := p.escape(true)
			return 0, false, kind == escapeStrings, err
		}
	}
	v, err = p.classSetCharacter(classStart)
	return v, err == nil, false, err
}

// classStrings parses \q{…} with p.pos on the backslash and reports whether
// any alternative is not exactly one character.
func (p *parser) classStrings(classStart int) (bool, *Error) {
	open := p.pos
	p.pos += 3
	strs := false
	n := 0
	for {
		if !p.more() {
			return false, p.errAt(open, `unterminated \q{`)
		}
		switch p.src[p.pos] {
		case '}', '|':
			if n != 1 {
				strs = true
			}
			n = 0
			p.pos++
			if p.src[p.pos-1] == '}' {
				return strs, nil
			}
			continue
		}
		if _, err := p.classSetCharacter(classStart); err != nil {
			return false, err
		}
		n++
	}
}

// classSetCharacter parses a ClassSetCharacter and returns its value.
func (p *parser) classSetCharacter(classStart int) (rune, *Error) {
	if !p.more() {
		return 0, p.errAt(classStart, "unterminated character class")
	}
	at := p.pos
	c := p.src[p.pos]
	if c == '\\' {
		if p.pos+1 >= len(p.src) {
			return 0, p.errAt(at, `\ at end of pattern`)
		}
		d := p.src[p.pos+1]
		if d == 'b' || isClassSetReservedPunctuator(d) {
			p.pos += 2
			if d == 'b' {
				return '\b', nil
			}
			return rune(d), nil
		}
		v, kind, err := p.escape(true)
		if err == nil && kind != escapeChar {
			err = p.errAt(at, "a character class escape cannot be a range bound")
		}
		return v, err
	}
	if p.pos+1 < len(p.src) && p.src[p.pos+1] == c && isClassSetReservedDoublePunctuator(c) {
		return 0, p.errAt(at, fmt.Sprintf("%c%c is reserved in a character class", c, c))
	}
	if isClassSetSyntaxChar(c) {
		return 0, p.errAt(at, fmt.Sprintf("%q must be escaped in a character class with the v flag", c))
	}
	r, size := utf8.DecodeRuneInString(p.src[p.pos:])
	p.pos += size
	return r, nil
}

func isDigit(c byte) bool       { return '0' <= c && c <= '9' }
func isOctal(c byte) bool       { return '0' <= c && c <= '7' }
func isASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }
func isHex(c byte) bool         { return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'f' }

func hexVal(c byte) rune {
	if isDigit(c) {
		return rune(c - '0')
	}
	return rune(c|0x20-'a') + 10
}

// hex2 and hex4 read exactly two or four hex digits at s[i:].
func hex2(s string, i int) (rune, bool) {
	if i+2 > len(s) || !isHex(s[i]) || !isHex(s[i+1]) {
		return 0, false
	}
	return hexVal(s[i])<<4 | hexVal(s[i+1]), true
}

func hex4(s string, i int) (rune, bool) {
	hi, ok1 := hex2(s, i)
	lo, ok2 := hex2(s, i+2)
	return hi<<8 | lo, ok1 && ok2
}

// isSyntaxChar reports SyntaxCharacter: ^ $ \ . * + ? ( ) [ ] { } |.
func isSyntaxChar(c byte) bool {
	switch c {
	case '^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|':
		return true
	}
	return false
}

// isClassSetSyntaxChar reports ClassSetSyntaxCharacter: ( ) [ ] { } / - \ |.
func isClassSetSyntaxChar(c byte) bool {
	switch c {
	case '(', ')', '[', ']', '{', '}', '/', '-', '\\', '|':
		return true
	}
	return false
}

// isClassSetReservedDoublePunctuator reports the characters that are
// reserved when doubled in a v-mode class: && !! ## $$ %% ** ++ ,, .. :: ;;
// << == >> ?? @@ ^^ ~~ and a doubled backquote.
func isClassSetReservedDoublePunctuator(c byte) bool {
	switch c {
	case '&', '!', '#', '$', '%', '*', '+', ',', '.', ':', ';', '<', '=', '>', '?', '@', '^', '`', '~':
		return true
	}
	return false
}

// isClassSetReservedPunctuator reports the characters that may be escaped
// in a v-mode class beyond the SyntaxCharacters: & - ! # % , : ; < = > @ ` ~.
func isClassSetReservedPunctuator(c byte) bool {
	switch c {
	case '&', '-', '!', '#', '%', ',', ':', ';', '<', '=', '>', '@', '`', '~':
		return true
	}
	return false
}
