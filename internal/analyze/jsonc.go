package analyze

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/bmesjs/bmes/format"
)

// This file reads tsconfig.json files. They are "JSON with comments": JSON
// plus // and /* */ comments and trailing commas in arrays and objects, which
// is what tsc and editors accept in practice. encoding/json is not used for
// three reasons: it rejects comments and trailing commas, it forgets object
// key order (package.json "exports" conditions are matched in key order), and
// it reports errors as byte offsets, while the project's diagnostics carry
// line and column.

// jkind is the type of a JSON value.
type jkind uint8

const (
	jnull jkind = iota
	jbool
	jnumber
	jstring
	jarray
	jobject
)

func (k jkind) String() string {
	return [...]string{"null", "boolean", "number", "string", "array", "object"}[k]
}

// jvalue is a parsed JSON value with the position where it starts, so that
// a tsconfig problem found after parsing (a missing "extends" base, a cycle)
// can still point at the offending text.
type jvalue struct {
	kind jkind
	pos  jpos
	b    bool      // jbool
	str  string    // jstring: the decoded string; jnumber: the number's source text
	arr  []*jvalue // jarray
	keys []string  // jobject: keys in order of first appearance
	vals []*jvalue // jobject: vals[i] is the value of keys[i]; a repeated key keeps its place and takes the last value, as JSON.parse does
}

// jpos is a 1-based line and 1-based byte column.
type jpos struct{ line, col int }

// get returns the value of key in an object, or nil.
func (v *jvalue) get(key string) *jvalue {
	if v == nil || v.kind != jobject {
		return nil
	}
	if i := slices.Index(v.keys, key); i >= 0 {
		return v.vals[i]
	}
	return nil
}

// set adds or replaces key in an object.
func (v *jvalue) set(key string, val *jvalue) {
	if i := slices.Index(v.keys, key); i >= 0 {
		v.vals[i] = val
		return
	}
	v.keys = append(v.keys, key)
	v.vals = append(v.vals, val)
}

// jsonError is a syntax error at a position in a JSONC text.
type jsonError struct {
	pos jpos
	msg string
}

func (e *jsonError) Error() string { return fmt.Sprintf("%d:%d: %s", e.pos.line, e.pos.col, e.msg) }

// parseJSONC parses src as JSON with comments and trailing commas. A leading
// byte order mark is skipped. An empty document (only whitespace and
// comments) is an empty object, as tsc reads an empty tsconfig.json.
func parseJSONC(src []byte) (*jvalue, error) {
	p := &jparser{src: src, line: 1}
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		p.off, p.lineStart = 3, 3
	}
	if err := p.skipSpace(); err != nil {
		return nil, err
	}
	if p.off == len(src) {
		return &jvalue{kind: jobject, pos: p.pos()}, nil
	}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if err := p.skipSpace(); err != nil {
		return nil, err
	}
	if p.off != len(src) {
		return nil, p.errorf("unexpected %s after the JSON value", p.describe())
	}
	return v, nil
}

// maxJSONDepth bounds nesting so that a hostile file cannot exhaust the stack.
const maxJSONDepth = 1000

type jparser struct {
	src       []byte
	off       int
	line      int // 1-based line of off
	lineStart int // offset of the first byte of the current line
}

func (p *jparser) pos() jpos { return jpos{p.line, p.off - p.lineStart + 1} }

func (p *jparser) errorf(format string, args ...any) error {
	return &jsonError{pos: p.pos(), msg: fmt.Sprintf(format, args...)}
}

// describe names the byte at the current offset for an error message.
func (p *jparser) describe() string {
	if p.off >= len(p.src) {
		return "end of file"
	}
	r, _ := utf8.DecodeRune(p.src[p.off:])
	return strconv.QuoteRune(r)
}

func (p *jparser) newline() {
	p.line++
	p.lineStart = p.off
}

// skipSpace skips whitespace and comments.
func (p *jparser) skipSpace() error {
	for p.off < len(p.src) {
		switch c := p.src[p.off]; c {
		case ' ', '\t', '\r':
			p.off++
		case '\n':
			p.off++
			p.newline()
		case '/':
			if p.off+1 >= len(p.src) {
				return p.errorf("unexpected '/'")
			}
			switch p.src[p.off+1] {
			case '/':
				for p.off < len(p.src) && p.src[p.off] != '\n' {
					p.off++
				}
			case '*':
				start := p.pos()
				p.off += 2
				for {
					if p.off+1 >= len(p.src) {
						return &jsonError{pos: start, msg: "unterminated comment"}
					}
					if p.src[p.off] == '*' && p.src[p.off+1] == '/' {
						p.off += 2
						break
					}
					p.off++
					if p.src[p.off-1] == '\n' {
						p.newline()
					}
				}
			default:
				return p.errorf("unexpected '/'")
			}
		default:
			return nil
		}
	}
	return nil
}

func (p *jparser) value(depth int) (*jvalue, error) {
	if depth > maxJSONDepth {
		return nil, p.errorf("JSON nested too deeply")
	}
	if p.off >= len(p.src) {
		return nil, p.errorf("unexpected end of file, expected a value")
	}
	start := p.pos()
	switch c := p.src[p.off]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		s, err := p.string()
		if err != nil {
			return nil, err
		}
		return &jvalue{kind: jstring, pos: start, str: s}, nil
	case c == '-' || ('0' <= c && c <= '9'):
		return p.number()
	case c >= 'a' && c <= 'z':
		end := p.off
		for end < len(p.src) && p.src[end] >= 'a' && p.src[end] <= 'z' {
			end++
		}
		word := string(p.src[p.off:end])
		v := &jvalue{pos: start}
		switch word {
		case "true", "false":
			v.kind, v.b = jbool, word == "true"
		case "null":
			v.kind = jnull
		default:
			return nil, p.errorf("unexpected %q, expected a value", word)
		}
		p.off = end
		return v, nil
	}
	return nil, p.errorf("unexpected %s, expected a value", p.describe())
}

func (p *jparser) object(depth int) (*jvalue, error) {
	v := &jvalue{kind: jobject, pos: p.pos()}
	p.off++ // {
	for {
		if err := p.skipSpace(); err != nil {
			return nil, err
		}
		if p.off < len(p.src) && p.src[p.off] == '}' {
			p.off++
			return v, nil
		}
		if p.off >= len(p.src) || p.src[p.off] != '"' {
			return nil, p.errorf("unexpected %s, expected a string key or '}'", p.describe())
		}
		key, err := p.string()
		if err != nil {
			return nil, err
		}
		if err := p.skipSpace(); err != nil {
			return nil, err
		}
		if p.off >= len(p.src) || p.src[p.off] != ':' {
			return nil, p.errorf("unexpected %s, expected ':' after object key", p.describe())
		}
		p.off++
		if err := p.skipSpace(); err != nil {
			return nil, err
		}
		val, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		v.set(key, val)
		if err := p.skipSpace(); err != nil {
			return nil, err
		}
		if p.off < len(p.src) && p.src[p.off] == ',' {
			p.off++
			continue
		}
		if p.off < len(p.src) && p.src[p.off] == '}' {
			p.off++
			return v, nil
		}
		return nil, p.errorf("unexpected %s, expected ',' or '}' after object member", p.describe())
	}
}

func (p *jparser) array(depth int) (*jvalue, error) {
	v := &jvalue{kind: jarray, pos: p.pos()}
	p.off++ // [
	for {
		if err := p.skipSpace(); err != nil {
			return nil, err
		}
		if p.off < len(p.src) && p.src[p.off] == ']' {
			p.off++
			return v, nil
		}
		elem, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		v.arr = append(v.arr, elem)
		if err := p.skipSpace(); err != nil {
			return nil, err
		}
		if p.off < len(p.src) && p.src[p.off] == ',' {
			p.off++
			continue
		}
		if p.off < len(p.src) && p.src[p.off] == ']' {
			p.off++
			return v, nil
		}
		return nil, p.errorf("unexpected %s, expected ',' or ']' after array element", p.describe())
	}
}

// number scans a JSON number and keeps its source text: tsconfig numbers
// are passed on to esbuild and into the options hash as written.
func (p *jparser) number() (*jvalue, error) {
	start, pos := p.off, p.pos()
	digits := func() int {
		n := 0
		for p.off < len(p.src) && '0' <= p.src[p.off] && p.src[p.off] <= '9' {
			p.off++
			n++
		}
		return n
	}
	if p.src[p.off] == '-' {
		p.off++
	}
	switch {
	case p.off < len(p.src) && p.src[p.off] == '0':
		p.off++ // no leading zeros: "01" is "0" followed by junk
	case digits() == 0:
		return nil, p.errorf("invalid number")
	}
	if p.off < len(p.src) && p.src[p.off] == '.' {
		p.off++
		if digits() == 0 {
			return nil, p.errorf("invalid number: expected a digit after '.'")
		}
	}
	if p.off < len(p.src) && (p.src[p.off] == 'e' || p.src[p.off] == 'E') {
		p.off++
		if p.off < len(p.src) && (p.src[p.off] == '+' || p.src[p.off] == '-') {
			p.off++
		}
		if digits() == 0 {
			return nil, p.errorf("invalid number: expected a digit in the exponent")
		}
	}
	return &jvalue{kind: jnumber, pos: pos, str: string(p.src[start:p.off])}, nil
}

// string scans a double-quoted JSON string and returns its value. Escaped
// lone surrogates become U+FFFD: tsconfig values are file names and option
// words, never JavaScript strings that need them.
func (p *jparser) string() (string, error) {
	p.off++ // "
	var b strings.Builder
	for {
		if p.off >= len(p.src) || p.src[p.off] == '\n' {
			return "", p.errorf("unterminated string")
		}
		c := p.src[p.off]
		switch {
		case c == '"':
			p.off++
			return b.String(), nil
		case c == '\\':
			if p.off+1 >= len(p.src) {
				return "", p.errorf("unterminated string")
			}
			esc, escStart := p.src[p.off+1], p.off
			p.off += 2
			switch esc {
			case '"', '\\', '/':
				b.WriteByte(esc)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					p.off = escStart
					return "", p.errorf("invalid \\u escape")
				}
				if utf16.IsSurrogate(r) && p.off+1 < len(p.src) && p.src[p.off] == '\\' && p.src[p.off+1] == 'u' {
					save := p.off
					p.off += 2
					if r2, ok := p.hex4(); ok {
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							r = dec
						} else {
							p.off = save
						}
					} else {
						p.off = save
					}
				}
				b.WriteRune(r) // a lone surrogate is written as U+FFFD
			default:
				p.off = escStart
				return "", p.errorf("invalid escape sequence '\\%c'", esc)
			}
		default:
			r, size := utf8.DecodeRune(p.src[p.off:])
			b.WriteRune(r)
			p.off += size
		}
	}
}

func (p *jparser) hex4() (rune, bool) {
	if p.off+4 > len(p.src) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(p.src[p.off:p.off+4]), 16, 16)
	if err != nil {
		return 0, false
	}
	p.off += 4
	return rune(n), true
}

// appendCanonicalJSON appends v as compact JSON with object keys sorted, so
// that two equal option sets encode to the same bytes whatever order their
// files listed them in. Numbers keep their source text.
func appendCanonicalJSON(dst []byte, v *jvalue) []byte {
	switch v.kind {
	case jnull:
		return append(dst, "null"...)
	case jbool:
		return strconv.AppendBool(dst, v.b)
	case jnumber:
		return append(dst, v.str...)
	case jstring:
		return format.AppendJSONString(dst, v.str)
	case jarray:
		dst = append(dst, '[')
		for i, e := range v.arr {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendCanonicalJSON(dst, e)
		}
		return append(dst, ']')
	}
	order := make([]int, len(v.keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(v.keys[a], v.keys[b]) })
	dst = append(dst, '{')
	for i, k := range order {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = format.AppendJSONString(dst, v.keys[k])
		dst = append(dst, ':')
		dst = appendCanonicalJSON(dst, v.vals[k])
	}
	return append(dst, '}')
}
