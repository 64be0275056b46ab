package jsregexp

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bmesjs/bmes/internal/jsident"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current results")

// test262Dir finds test262's test/language folder: $BMES_TEST262 (the
// test262 checkout), or ../shared/test262 next to the repository.
func test262Dir(t *testing.T) string {
	root := os.Getenv("BMES_TEST262")
	if root == "" {
		root = filepath.Join("..", "..", "..", "shared", "test262")
	}
	dir := filepath.Join(root, "test", "language")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("test262 not found (set BMES_TEST262): %v", err)
	}
	return dir
}

// test262File is one test file split into its frontmatter and code.
type test262File struct {
	rel      string // path relative to test/language, with slashes
	meta     string // the YAML between /*--- and ---*/
	code     string // everything after the frontmatter
	negative bool   // negative: {phase: parse}
}

func readTest262(t *testing.T, dir, sub string) []test262File {
	var files []test262File
	err := filepath.WalkDir(filepath.Join(dir, sub), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".js") || strings.HasSuffix(path, "_FIXTURE.js") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		f := test262File{rel: filepath.ToSlash(rel), code: string(src)}
		if i := strings.Index(f.code, "/*---"); i >= 0 {
			if j := strings.Index(f.code[i:], "---*/"); j >= 0 {
				f.meta = f.code[i+5 : i+j]
				f.code = f.code[i+j+5:]
			}
		}
		f.negative = strings.Contains(f.meta, "negative:") && strings.Contains(f.meta, "phase: parse")
		files = append(files, f)
		return nil
	})
	if err != nil {
		t.Fatalf("reading test262: %v", err)
	}
	return files
}

// literal is a regular expression literal found in test code.
type literal struct {
	pattern, flags string
	line           int
}

// errLineTerminator marks a literal cut by a line terminator: a lexical
// error that the module lexer reports before a pattern exists.
var errLineTerminator = errors.New("line terminator in regular expression literal")

// regexLiterals finds the regular expression literals in JavaScript code
// with the classic heuristic: a '/' starts a literal where an expression may
// start, judged by the previous token. Strings, templates and comments are
// skipped. It is enough for test262's small, plain test files; it stops at
// the first literal cut by a line terminator.
func regexLiterals(code string) ([]literal, error) {
	var lits []literal
	line := 1
	prev := byte(';') // the last significant character; ';' allows a literal
	prevWord := ""
	prevLine := 0
	for i := 0; i < len(code); {
		c := code[i]
		switch {
		case c == '\n':
			line++
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r':
			i++
			continue
		case strings.HasPrefix(code[i:], "//"):
			for i < len(code) && code[i] != '\n' {
				i++
			}
			continue
		case strings.HasPrefix(code[i:], "/*"):
			end := strings.Index(code[i+2:], "*/")
			if end < 0 {
				return lits, nil
			}
			line += strings.Count(code[i:i+2+end], "\n")
			i += end + 4
			continue
		case c == '\'' || c == '"' || c == '`':
			j := i + 1
			for j < len(code) && code[j] != c {
				if code[j] == '\\' {
					j++
				}
				if j < len(code) && code[j] == '\n' {
					line++
				}
				j++
			}
			i = j + 1
			prev, prevWord, prevLine = 'a', "", line
			continue
		case c == '/' && regexAllowed(prev, prevWord, line == prevLine):
			lit, end, err := scanLiteral(code, i)
			if err != nil {
				return lits, err
			}
			lit.line = line
			lits = append(lits, lit)
			i = end
			prev, prevWord, prevLine = 'a', "", line
			continue
		case c == '_' || c == '$' || isDigit(c) || isASCIILetter(c) || c >= 0x80:
			j := i
			for j < len(code) && (code[j] == '_' || code[j] == '$' || isDigit(code[j]) || isASCIILetter(code[j]) || code[j] >= 0x80) {
				j++
			}
			prev, prevWord, prevLine = 'a', code[i:j], line
			i = j
			continue
		}
		prev, prevWord, prevLine = c, "", line
		i++
	}
	return lits, nil
}

// regexAllowed reports whether a '/' after the given token starts a
// literal. A '}' on the same line is taken to close an object literal (a
// division follows), one on an earlier line to close a block.
func regexAllowed(prev byte, word string, sameLine bool) bool {
	switch word {
	case "":
		if prev == '}' {
			return !sameLine
		}
	case "return", "typeof", "case", "do", "else", "in", "new", "delete", "void", "throw", "instanceof", "yield", "await":
		return true
	default:
		return false
	}
	return strings.IndexByte("(,=:[!&|?{};+-*%<>~^", prev) >= 0
}

// scanLiteral reads RegularExpressionLiteral at code[i] ('/'): the body up
// to an unescaped '/' outside a class, then the flags, which may contain
// escapes (an early error the validator must report).
func scanLiteral(code string, i int) (literal, int, error) {
	j := i + 1
	inClass := false
	for {
		if j >= len(code) {
			return literal{}, 0, errLineTerminator
		}
		r, size := utf8.DecodeRuneInString(code[j:])
		switch r {
		case '\n', '\r', 0x2028, 0x2029:
			return literal{}, 0, errLineTerminator
		case '\\':
			j += size
			r, size = utf8.DecodeRuneInString(code[j:])
			if r == '\n' || r == '\r' || r == 0x2028 || r == 0x2029 {
				return literal{}, 0, errLineTerminator
			}
		case '[':
			inClass = true
		case ']':
			inClass = false
		case '/':
			if !inClass {
				body := code[i+1 : j]
				k := j + 1
				for k < len(code) {
					c := code[k]
					if c == '\\' || c == '_' || c == '$' || isDigit(c) || isASCIILetter(c) {
						k++
						continue
					}
					if c >= 0x80 {
						if r, size := utf8.DecodeRuneInString(code[k:]); jsident.IsPart(r) {
							k += size
							continue
						}
					}
					break
				}
				return literal{pattern: body, flags: code[j+1 : k]}, k, nil
			}
		}
		j += size
	}
}

// notAboutPattern lists the negative tests of literals/regexp whose
// syntax error lies outside the regular expression literal; the test checks
// that Validate accepts their literal.
var notAboutPattern = map[string]string{
	"literals/regexp/S7.8.5_A2.2_T2.js": "the error is the '/' that follows the literal /a/",
}

// TestTest262Negatives runs every test in test262's literals/regexp folder
// that must fail to parse, and writes what Validate says about each into a
// golden file. Each must either be rejected by Validate or be a lexical
// error (a line terminator in the literal) that never reaches it.
func TestTest262Negatives(t *testing.T) {
	dir := test262Dir(t)
	var out bytes.Buffer
	rejected, lexical, other := 0, 0, 0
	for _, f := range readTest262(t, dir, filepath.Join("literals", "regexp")) {
		if !f.negative {
			continue
		}
		lits, err := regexLiterals(f.code)
		switch {
		case errors.Is(err, errLineTerminator):
			lexical++
			fmt.Fprintf(&out, "%s: lexical: %v\n", f.rel, err)
			continue
		case err != nil:
			t.Errorf("%s: %v", f.rel, err)
			continue
		case len(lits) == 0:
			// "/*/", "//" and "///" open comments: no literal at all.
			other++
			fmt.Fprintf(&out, "%s: lexical: no regular expression literal\n", f.rel)
			continue
		}
		lit := lits[0]
		src := "/" + lit.pattern + "/" + lit.flags
		verr := Validate(lit.pattern, lit.flags)
		if why, ok := notAboutPattern[f.rel]; ok {
			if verr != nil {
				t.Errorf("%s: Validate(%q, %q) = %v, want nil (%s)", f.rel, lit.pattern, lit.flags, verr, why)
			}
			other++
			fmt.Fprintf(&out, "%s: %q valid: %s\n", f.rel, src, why)
			continue
		}
		if verr == nil {
			t.Errorf("%s: Validate(%q, %q) = nil, want a syntax error", f.rel, lit.pattern, lit.flags)
			fmt.Fprintf(&out, "%s: %q ACCEPTED\n", f.rel, src)
			continue
		}
		rejected++
		var e *Error
		errors.As(verr, &e)
		fmt.Fprintf(&out, "%s: %q: offset %d: %s\n", f.rel, src, e.Offset, e.Msg)
	}
	t.Logf("rejected %d; lexical errors (line terminators) %d; other %d", rejected, lexical, other)
	if rejected == 0 {
		t.Fatal("no negative test found")
	}
	checkGolden(t, filepath.Join("testdata", "test262-negatives.golden"), out.Bytes())
}

// TestTest262Positives validates every regular expression literal in the
// test files of test262's language folder that must parse.
func TestTest262Positives(t *testing.T) {
	dir := test262Dir(t)
	files, literals := 0, 0
	for _, f := range readTest262(t, dir, ".") {
		if f.negative {
			continue
		}
		lits, err := regexLiterals(f.code)
		if err != nil {
			t.Errorf("%s: %v", f.rel, err)
			continue
		}
		if len(lits) > 0 {
			files++
		}
		for _, lit := range lits {
			literals++
			if err := Validate(lit.pattern, lit.flags); err != nil {
				t.Errorf("%s:%d: Validate(%q, %q) = %v", f.rel, lit.line, lit.pattern, lit.flags, err)
			}
		}
	}
	t.Logf("accepted %d literals in %d files", literals, files)
	if literals == 0 {
		t.Fatal("no regular expression literal found")
	}
}

// checkGolden compares got with the golden file, or rewrites it with
// -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("writing golden file: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("%s line %d:\n got: %s\nwant: %s", path, i+1, g, w)
				break
			}
		}
		t.Errorf("%s differs from the current results; rerun with -update if the change is intended", path)
	}
}
