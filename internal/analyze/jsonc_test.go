package analyze

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestParseJSONC(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string // canonical encoding
	}{
		{"empty document", "", "{}"},
		{"only comments", "// nothing\n/* here */\n", "{}"},
		{"byte order mark", "\uFEFF{\"a\":1}", `{"a":1}`},
		{"trailing commas", `{"a": [1, 2,], "b": {"c": true,},}`, `{"a":[1,2],"b":{"c":true}}`},
		{"comments everywhere", "/*x*/{/*y*/\"a\"/*z*/://w\n1/**/}//end", `{"a":1}`},
		{"keys sorted", `{"b": 1, "a": {"d": null, "c": false}}`, `{"a":{"c":false,"d":null},"b":1}`},
		{"last duplicate wins", `{"a": 1, "b": 2, "a": 3}`, `{"a":3,"b":2}`},
		{"numbers keep their text", `[0, -1.5e+3, 10E2]`, `[0,-1.5e+3,10E2]`},
		{"escapes", `["\"\\\/\b\f\n\r\t", "\u00e9\ud83d\ude00", "\ud800"]`, `["\"\\/\b\f\n\r\t","é😀","` + "\uFFFD" + `"]`},
		{"non-ASCII kept", `{"ключ": "値"}`, `{"ключ":"値"}`},
		{"comment markers in strings", `{"a": "// not a comment /* nor this */"}`, `{"a":"// not a comment /* nor this */"}`},
	} {
		v, err := parseJSONC([]byte(tc.src))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := string(appendCanonicalJSON(nil, v)); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestParseJSONCErrors(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want string // line:col: message
	}{
		{`{"a": 1 "b": 2}`, `1:9: unexpected '"', expected ',' or '}' after object member`},
		{"{\n  \"a\": tru\n}", `2:8: unexpected "tru", expected a value`},
		{`{"a": }`, `1:7: unexpected '}', expected a value`},
		{`{a: 1}`, `1:2: unexpected 'a', expected a string key or '}'`},
		{`{"a" 1}`, `1:6: unexpected '1', expected ':' after object key`},
		{`[1 2]`, `1:4: unexpected '2', expected ',' or ']' after array element`},
		{`[1,,2]`, `1:4: unexpected ',', expected a value`},
		{`{"a": 1}}`, `1:9: unexpected '}' after the JSON value`},
		{"{\"a\": \"x\ny\"}", `1:9: unterminated string`},
		{`{"a": "\q"}`, `1:8: invalid escape sequence '\q'`},
		{`{"a": "\u12"}`, `1:8: invalid \u escape`},
		{"{\n/* open", `2:1: unterminated comment`},
		{`{"a": 01}`, `1:8: unexpected '1', expected ',' or '}' after object member`},
		{`{"a": -}`, `1:8: invalid number`},
		{`{"a": 1.}`, `1:9: invalid number: expected a digit after '.'`},
		{`{"a": 1e}`, `1:9: invalid number: expected a digit in the exponent`},
		{`{"a": 1} / 2`, `1:10: unexpected '/'`},
		{"\uFEFF\n  [", `2:4: unexpected end of file, expected a value`},
		{"{\"é\": \"é\" x}", `1:13: unexpected 'x', expected ',' or '}' after object member`}, // columns count bytes
		{strings.Repeat("[", maxJSONDepth+2), `1:1002: JSON nested too deeply`},
	} {
		_, err := parseJSONC([]byte(tc.src))
		var jerr *jsonError
		if !errors.As(err, &jerr) {
			t.Errorf("parseJSONC(%q) error = %v, want a *jsonError", tc.src, err)
			continue
		}
		if got := jerr.Error(); got != tc.want {
			t.Errorf("parseJSONC(%q) error:\n got %s\nwant %s", tc.src, got, tc.want)
		}
	}
}

// FuzzParseJSONC checks that the parser never panics, accepts every
// document encoding/json accepts (JSONC is a superset), and that what it
// accepts encodes back to valid JSON.
func FuzzParseJSONC(f *testing.F) {
	for _, s := range []string{
		`{"compilerOptions": {"target": "es2022", "paths": {"@/*": ["./src/*"]}}}`,
		"// c\n{\"a\": [1, 2,], /* d */ \"b\": null,}",
		`["\ud83d\ude00", -0.5e-7, true, false, {}]`,
		"\uFEFF{}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := parseJSONC(data)
		if err != nil {
			var jerr *jsonError
			if !errors.As(err, &jerr) || jerr.pos.line < 1 || jerr.pos.col < 1 {
				t.Fatalf("error %v is not a positioned *jsonError", err)
			}
			if json.Valid(data) && !strings.Contains(jerr.msg, "nested too deeply") {
				t.Fatalf("rejected valid JSON %q: %v", data, err)
			}
			return
		}
		if out := appendCanonicalJSON(nil, v); !json.Valid(out) {
			t.Fatalf("canonical form of %q is not JSON: %q", data, out)
		}
	})
}
