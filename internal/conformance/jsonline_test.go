package conformance

import (
	"fmt"
	"strconv"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonValue is a parsed JSON value that keeps what encoding/json would lose
// in a record's dump: the order of object keys (the contract fixes it) and
// lone surrogates in strings (encoding/json turns \ud800 into U+FFFD, which
// would make '\ud800' and '\udfff' specifiers compare equal).
type jsonValue struct {
	// canon is the value in one canonical spelling: no white space, strings
	// with every code unit outside printable ASCII written as a lowercase
	// \uXXXX escape. Two values are equal when their canon is.
	canon string
	keys  []string     // an object's keys, in order
	elems []*jsonValue // an array's elements, or an object's values by keys
	isObj bool
}

// field returns the value of an object's key, or nil.
func (v *jsonValue) field(key string) *jsonValue {
	for i, k := range v.keys {
		if k == key {
			return v.elems[i]
		}
	}
	return nil
}

// parseJSONLine parses one JSON text.
func parseJSONLine(data []byte) (*jsonValue, error) {
	p := &jsonParser{data: data}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos != len(p.data) {
		return nil, p.errorf("text after the value")
	}
	return v, nil
}

type jsonParser struct {
	data []byte
	pos  int
}

func (p *jsonParser) errorf(format string, args ...any) error {
	return fmt.Errorf("JSON offset %d: %s", p.pos, fmt.Sprintf(format, args...))
}

func (p *jsonParser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *jsonParser) value() (*jsonValue, error) {
	p.space()
	if p.pos >= len(p.data) {
		return nil, p.errorf("unexpected end")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		units, err := p.str()
		if err != nil {
			return nil, err
		}
		return &jsonValue{canon: canonString(units)}, nil
	case c == '-' || c >= '0' && c <= '9':
		start := p.pos
		for p.pos < len(p.data) && (p.data[p.pos] == '-' || p.data[p.pos] == '+' || p.data[p.pos] == '.' ||
			p.data[p.pos] == 'e' || p.data[p.pos] == 'E' || p.data[p.pos] >= '0' && p.data[p.pos] <= '9') {
			p.pos++
		}
		f, err := strconv.ParseFloat(string(p.data[start:p.pos]), 64)
		if err != nil {
			return nil, p.errorf("bad number: %v", err)
		}
		return &jsonValue{canon: strconv.FormatFloat(f, 'g', -1, 64)}, nil
	}
	for _, lit := range []string{"true", "false", "null"} {
		if len(p.data)-p.pos >= len(lit) && string(p.data[p.pos:p.pos+len(lit)]) == lit {
			p.pos += len(lit)
			return &jsonValue{canon: lit}, nil
		}
	}
	return nil, p.errorf("unexpected %q", p.data[p.pos])
}

func (p *jsonParser) object() (*jsonValue, error) {
	v := &jsonValue{isObj: true}
	canon := []byte{'{'}
	p.pos++ // {
	for i := 0; ; i++ {
		p.space()
		if p.pos < len(p.data) && p.data[p.pos] == '}' && i == 0 {
			p.pos++
			break
		}
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.errorf("want an object key")
		}
		units, err := p.str()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.errorf("want ':'")
		}
		p.pos++
		e, err := p.value()
		if err != nil {
			return nil, err
		}
		key := canonString(units)
		v.keys = append(v.keys, string(utf16.Decode(units)))
		v.elems = append(v.elems, e)
		if i > 0 {
			canon = append(canon, ',')
		}
		canon = append(canon, key...)
		canon = append(canon, ':')
		canon = append(canon, e.canon...)
		p.space()
		if p.pos < len(p.data) && p.data[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.data) && p.data[p.pos] == '}' {
			p.pos++
			break
		}
		return nil, p.errorf("want ',' or '}'")
	}
	v.canon = string(append(canon, '}'))
	return v, nil
}

func (p *jsonParser) array() (*jsonValue, error) {
	v := &jsonValue{}
	canon := []byte{'['}
	p.pos++ // [
	for i := 0; ; i++ {
		p.space()
		if p.pos < len(p.data) && p.data[p.pos] == ']' && i == 0 {
			p.pos++
			break
		}
		e, err := p.value()
		if err != nil {
			return nil, err
		}
		v.elems = append(v.elems, e)
		if i > 0 {
			canon = append(canon, ',')
		}
		canon = append(canon, e.canon...)
		p.space()
		if p.pos < len(p.data) && p.data[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.data) && p.data[p.pos] == ']' {
			p.pos++
			break
		}
		return nil, p.errorf("want ',' or ']'")
	}
	v.canon = string(append(canon, ']'))
	return v, nil
}

// str reads a JSON string as UTF-16 code units, keeping lone surrogates
// whether escaped or not.
func (p *jsonParser) str() ([]uint16, error) {
	p.pos++ // "
	var units []uint16
	for {
		if p.pos >= len(p.data) {
			return nil, p.errorf("unterminated string")
		}
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			return units, nil
		case c < 0x20:
			return nil, p.errorf("control character in string")
		case c == '\\':
			if p.pos+1 >= len(p.data) {
				return nil, p.errorf("unterminated escape")
			}
			esc := p.data[p.pos+1]
			p.pos += 2
			switch esc {
			case '"', '\\', '/':
				units = append(units, uint16(esc))
			case 'b':
				units = append(units, '\b')
			case 'f':
				units = append(units, '\f')
			case 'n':
				units = append(units, '\n')
			case 'r':
				units = append(units, '\r')
			case 't':
				units = append(units, '\t')
			case 'u':
				if p.pos+4 > len(p.data) {
					return nil, p.errorf("short \\u escape")
				}
				u, err := strconv.ParseUint(string(p.data[p.pos:p.pos+4]), 16, 16)
				if err != nil {
					return nil, p.errorf("bad \\u escape")
				}
				units = append(units, uint16(u))
				p.pos += 4
			default:
				return nil, p.errorf("bad escape \\%c", esc)
			}
		case c < utf8.RuneSelf:
			units = append(units, uint16(c))
			p.pos++
		default:
			r, size := decodeWTF8(p.data[p.pos:])
			if utf16.IsSurrogate(r) {
				units = append(units, uint16(r)) // AppendRune would write U+FFFD
			} else {
				units = utf16.AppendRune(units, r)
			}
			p.pos += size
		}
	}
}

// decodeWTF8 decodes one code point of UTF-8 extended to surrogates, the
// form format.AppendJSONString would write a raw lone surrogate in (it
// escapes them, but the comparison must not depend on that).
func decodeWTF8(b []byte) (rune, int) {
	if len(b) >= 3 && b[0] == 0xED && b[1] >= 0xA0 && b[1] <= 0xBF && b[2] >= 0x80 && b[2] <= 0xBF {
		return 0xD000 | rune(b[1]&0x3F)<<6 | rune(b[2]&0x3F), 3
	}
	return utf8.DecodeRune(b)
}

// canonString spells code units as a JSON string in canonical form.
func canonString(units []uint16) string {
	const hex = "0123456789abcdef"
	b := []byte{'"'}
	for _, u := range units {
		switch {
		case u == '"' || u == '\\':
			b = append(b, '\\', byte(u))
		case u >= 0x20 && u < 0x7F:
			b = append(b, byte(u))
		default:
			b = append(b, '\\', 'u', hex[u>>12], hex[u>>8&0xF], hex[u>>4&0xF], hex[u&0xF])
		}
	}
	return string(append(b, '"'))
}

func TestParseJSONLine(t *testing.T) {
	tests := []struct {
		in, canon string
		keys      []string
	}{
		{`{"b":1,"a":[true,false,null]}`, `{"b":1,"a":[true,false,null]}`, []string{"b", "a"}},
		{` { "a" : [ ] , "b" : { } } `, `{"a":[],"b":{}}`, []string{"a", "b"}},
		{`{"s":"\ud800x"}`, `{"s":"\ud800x"}`, []string{"s"}},
		{`{"s":"\uD800x"}`, `{"s":"\ud800x"}`, []string{"s"}},
		{"{\"s\":\"\xed\xa0\x80x\"}", `{"s":"\ud800x"}`, []string{"s"}},
		{`{"s":"é😀"}`, `{"s":"\u00e9\ud83d\ude00"}`, []string{"s"}},
		{`{"s":"\u00e9\ud83d\ude00\/\n\u0001"}`, `{"s":"\u00e9\ud83d\ude00/\u000a\u0001"}`, []string{"s"}},
		{`[1,-2.5e1]`, `[1,-25]`, nil},
	}
	for _, tt := range tests {
		v, err := parseJSONLine([]byte(tt.in))
		if err != nil {
			t.Errorf("parseJSONLine(%s): %v", tt.in, err)
			continue
		}
		if v.canon != tt.canon {
			t.Errorf("parseJSONLine(%s).canon = %s, want %s", tt.in, v.canon, tt.canon)
		}
		if fmt.Sprint(v.keys) != fmt.Sprint(tt.keys) {
			t.Errorf("parseJSONLine(%s).keys = %q, want %q", tt.in, v.keys, tt.keys)
		}
	}
	for _, bad := range []string{``, `{`, `{"a"}`, `{"a":1,}`, `[1 2]`, `"\x"`, `"abc`, `{} x`, `nul`} {
		if v, err := parseJSONLine([]byte(bad)); err == nil {
			t.Errorf("parseJSONLine(%s) = %s, want an error", bad, v.canon)
		}
	}
	// A lone high and a lone low surrogate must not compare equal, as
	// they would after encoding/json replaced both with U+FFFD.
	hi, _ := parseJSONLine([]byte(`"\ud800"`))
	lo, _ := parseJSONLine([]byte(`"\udfff"`))
	if hi.canon == lo.canon {
		t.Errorf("\\ud800 and \\udfff both canonicalised to %s", hi.canon)
	}
}
