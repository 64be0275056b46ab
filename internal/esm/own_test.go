package esm

import (
	"reflect"
	"strings"
	"testing"
)

// TestRecordOwnsItsStrings checks that a record does not share memory with
// the source it was parsed from, which callers reuse for the next file:
// overwriting the source after Parse must not change the record, nor the
// message of an error.
func TestRecordOwnsItsStrings(t *testing.T) {
	const text = `import def, { a as b } from "./dep.js" with { type: "json" };
export { b as c }; export * as ns from "./other.js";
var v1; let l1; export default function named() {} import("./lazy.js");`
	src := []byte(text)
	rec, err := Parse("m.js", src)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Parse("m.js", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	for i := range src {
		src[i] = 'X'
	}
	if !reflect.DeepEqual(rec, want) {
		t.Errorf("record changed with its source:\n got %+v\nwant %+v", rec, want)
	}
	bad := []byte("let dup; let dup;")
	_, err = Parse("m.js", bad)
	if err == nil {
		t.Fatal("duplicate let accepted")
	}
	msg := err.Error()
	for i := range bad {
		bad[i] = 'X'
	}
	if err.Error() != msg {
		t.Errorf("error message changed with its source: %q, was %q", err.Error(), msg)
	}
}

// TestParserStateDoesNotPileUp checks that the parser's scratch state does
// not grow with the length of the module: the names kept for patterns
// (p.cover) and the scratch exprs (p.exprs) are back to empty after every
// statement, whatever the statement is.
func TestParserStateDoesNotPileUp(t *testing.T) {
	stmt := "x = a + b;\n[y, {z}] = w;\nf({u, v: 1}, [t]);\nlbl: for (;;) break lbl;\n(q) => q;\nvar [r] = [s];\n({a = 1} = {});\n"
	for _, n := range []int{1, 100} {
		src := strings.Repeat(stmt, n)
		p := &parser{src: src, awaitYieldPos: -1}
		p.parseModule()
		if len(p.cover) != 0 || p.exprs.n != 0 {
			t.Errorf("%d copies: %d names left on p.cover, %d exprs on p.exprs; want none", n, len(p.cover), p.exprs.n)
		}
	}
}

// TestScopeIndex checks duplicate declarations in scopes long enough to
// be indexed (more than scopeIndexThreshold names), in scopes that reuse
// a pooled scope's index after an indexed one, and across growths of the
// index: every duplicate is found, and no distinct names clash.
func TestScopeIndex(t *testing.T) {
	lets := func(prefix string, n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString("let " + prefix + strings.Repeat("x", i%5) + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ";")
		}
		return b.String()
	}
	long := lets("v", 300) // 300 distinct names, well past two growths
	for _, tc := range []struct {
		name, src string
		wantErr   string
	}{
		{"distinct", long, ""},
		{"duplicate at the end", long + "let vaa;", "identifier 'vaa' has already been declared"},
		{"duplicate of the last", long + "let vxxxxnl;", "identifier 'vxxxxnl' has already been declared"},
		{"var over an indexed lexical", "{" + long + "{ var vxba; } }", "identifier 'vxba' has already been declared"},
		{"pooled scopes, distinct", "function f() {" + long + "} function g() {" + long + "} function h() { let a; let b; }", ""},
		{"pooled scope, duplicate", "function f() {" + long + "} function g() { let q; " + lets("w", 20) + "let q; }", "identifier 'q' has already been declared"},
		{"pooled small scope after a big one", "function f() {" + long + "} function g() { let vaa; let vaa; }", "identifier 'vaa' has already been declared"},
		{"var and let in separate functions", "function f() {" + long + "} function g() { var vaa; " + lets("v", 30) + "}", "identifier 'vaa' has already been declared"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("m.js", []byte(tc.src))
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.wantErr != "" && err == nil:
				t.Fatalf("accepted; want %q", tc.wantErr)
			case tc.wantErr != "" && !strings.Contains(err.Error(), tc.wantErr):
				t.Fatalf("error %v; want %q", err, tc.wantErr)
			}
		})
	}
}

// TestCommentEnd checks commentEnd against strings.Index(body, "*/").
func TestCommentEnd(t *testing.T) {
	for _, body := range []string{
		"", "*/", "/", "*", "a */", " * x\n * y\n */", "//*/", "/*/", "* / */", "http://x/y */ z */",
		"**/", "/ / / /", "a/b/c", "***", " */*/",
	} {
		if got, want := commentEnd(body), strings.Index(body, "*/"); got != want {
			t.Errorf("commentEnd(%q) = %d, want %d", body, got, want)
		}
	}
}
