package esm

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/bmesjs/bmes/internal/jsident"
	"github.com/bmesjs/bmes/internal/jsregexp"
)

// token is the parser's one token of lookahead. Its text is src[start:end].
type token struct {
	kind       tokKind
	start, end int
	nl         bool   // a line terminator precedes the token
	esc        bool   // tName: written with \u escapes
	reserved   bool   // tName: module code may not use it as an identifier (isReservedInModule)
	tail       bool   // tTemplate: the piece ends with a backquote
	name       string // tName, tPrivate: the cooked identifier
	badEscape  int    // tTemplate: offset of an invalid escape (legal only when tagged), or -1
}

// Byte classes for the lexer's fast paths.
const (
	cIDStart = 1 << iota
	cIDPart
	cDigit
	cIdentSlow // '\\' or a byte of a non-ASCII code point: an identifier needs the slow path
	cSkip      // what may start white space or a comment (but ' '), or a non-ASCII code point
)

var asciiClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '$', c == '_':
			t[c] = cIDStart | cIDPart
		case c >= '0' && c <= '9':
			t[c] = cIDPart | cDigit
		case c == '\\':
			t[c] = cIdentSlow
		case c >= utf8.RuneSelf:
			t[c] = cIdentSlow | cSkip
		case c == '\t', c == '\v', c == '\f', c == '\n', c == '\r', c == '/':
			t[c] = cSkip
		}
	}
	return
}()

// singleTokens gives the kind of each punctuator that is one byte whatever
// follows it (tEOF for every other byte): the most frequent tokens, lexed
// before the switch over the others.
var singleTokens = [256]tokKind{
	'{': tLBrace, '}': tRBrace, '(': tLParen, ')': tRParen, '[': tLBracket, ']': tRBracket,
	';': tSemicolon, ',': tComma, ':': tColon, '~': tTilde, '@': tAt,
}

// next advances to the next token, skipping white space and comments. A
// '/' is always lexed as division here; the parser calls rescanRegExp when
// it expects an expression.
func (p *parser) next() {
	p.prevEnd = p.tok.end
	src := p.src
	i := p.pos
	nl := false
	for i < len(src) {
		c := src[i]
		if c == ' ' {
			i++
			continue
		}
		if asciiClass[c]&cSkip == 0 {
			break // the common case: the token starts here
		}
		switch c {
		case '\t', '\v', '\f':
			i++
			continue
		case '\n', '\r':
			nl = true
			i++
			// Indentation: the spaces that start a line, eight at a time.
			for i+8 <= len(src) && load64(src, i) == eightSpaces {
				i += 8
			}
			continue
		case '/':
			if i+1 < len(src) {
				if src[i+1] == '/' {
					i = lineEnd(src, i+2) // a line comment ends at the line terminator
					continue
				}
				if src[i+1] == '*' {
					end := commentEnd(src[i+2:])
					if end < 0 {
						p.failAt(i, "unterminated comment")
					}
					body := src[i+2 : i+2+end]
					if !nl && lineEnd(body, 0) < len(body) {
						nl = true
					}
					i += 4 + end
					continue
				}
			}
		default:
			if c >= utf8.RuneSelf {
				r, size := utf8.DecodeRuneInString(src[i:])
				if r == 0x2028 || r == 0x2029 {
					nl = true
					i += size
					continue
				}
				if isWhiteSpace(r) {
					i += size
					continue
				}
			}
		}
		break
	}
	p.tok.nl = nl
	p.tok.start = i
	p.tok.esc = false
	if i >= len(src) {
		p.tok.kind = tEOF
		p.tok.end = i
		p.pos = i
		return
	}
	c := src[i]
	if asciiClass[c]&cIDStart != 0 {
		j := i + 1
		for j < len(src) && asciiClass[src[j]]&cIDPart != 0 {
			j++
		}
		if j < len(src) && asciiClass[src[j]]&cIdentSlow != 0 {
			p.scanIdentSlow(i, j)
			return
		}
		name := src[i:j]
		p.tok.name = name
		p.tok.kind, p.tok.reserved = tName, false
		if w := wordAt(name); w != nil {
			p.tok.kind, p.tok.reserved = w.kind, w.kind == tName
		}
		p.tok.end = j
		p.pos = j
		return
	}
	if k := singleTokens[c]; k != tEOF {
		p.tok.kind = k
		p.tok.end = i + 1
		p.pos = i + 1
		return
	}
	kind := tEOF
	j := i + 1
	at := func(k int) byte {
		if k < len(src) {
			return src[k]
		}
		return 0
	}
	switch c {
	case '.':
		if d := at(j); d >= '0' && d <= '9' {
			p.scanNumber(i)
			return
		}
		kind = tDot
		if at(j) == '.' && at(j+1) == '.' {
			kind = tEllipsis
			j += 2
		}
	case '?':
		kind = tQuestion
		switch at(j) {
		case '?':
			kind = tQuestionQuestion
			j++
			if at(j) == '=' {
				kind = tQuestionQuestionEq
				j++
			}
		case '.':
			if d := at(j + 1); d < '0' || d > '9' {
				kind = tQuestionDot
				j++
			}
		}
	case '=':
		kind = tEq
		switch at(j) {
		case '=':
			kind = tEqEq
			j++
			if at(j) == '=' {
				kind = tEqEqEq
				j++
			}
		case '>':
			kind = tArrow
			j++
		}
	case '!':
		kind = tBang
		if at(j) == '=' {
			kind = tBangEq
			j++
			if at(j) == '=' {
				kind = tBangEqEq
				j++
			}
		}
	case '+':
		kind = tPlus
		switch at(j) {
		case '+':
			kind = tPlusPlus
			j++
		case '=':
			kind = tPlusEq
			j++
		}
	case '-':
		kind = tMinus
		switch at(j) {
		case '-':
			kind = tMinusMinus
			j++
		case '=':
			kind = tMinusEq
			j++
		}
	case '*':
		kind = tStar
		if at(j) == '*' {
			kind = tStarStar
			j++
			if at(j) == '=' {
				kind = tStarStarEq
				j++
			}
		} else if at(j) == '=' {
			kind = tStarEq
			j++
		}
	case '/':
		kind = tSlash
		if at(j) == '=' {
			kind = tSlashEq
			j++
		}
	case '%':
		kind = tPercent
		if at(j) == '=' {
			kind = tPercentEq
			j++
		}
	case '<':
		kind = tLess
		switch at(j) {
		case '<':
			kind = tLessLess
			j++
			if at(j) == '=' {
				kind = tLessLessEq
				j++
			}
		case '=':
			kind = tLessEq
			j++
		}
	case '>':
		kind = tGreater
		switch at(j) {
		case '>':
			kind = tGreaterGreater
			j++
			switch at(j) {
			case '>':
				kind = tGreaterGreaterGreater
				j++
				if at(j) == '=' {
					kind = tGreaterGreaterGreaterEq
					j++
				}
			case '=':
				kind = tGreaterGreaterEq
				j++
			}
		case '=':
			kind = tGreaterEq
			j++
		}
	case '&':
		kind = tAmp
		switch at(j) {
		case '&':
			kind = tAmpAmp
			j++
			if at(j) == '=' {
				kind = tAmpAmpEq
				j++
			}
		case '=':
			kind = tAmpEq
			j++
		}
	case '|':
		kind = tBar
		switch at(j) {
		case '|':
			kind = tBarBar
			j++
			if at(j) == '=' {
				kind = tBarBarEq
				j++
			}
		case '=':
			kind = tBarEq
			j++
		}
	case '^':
		kind = tCaret
		if at(j) == '=' {
			kind = tCaretEq
			j++
		}
	case '"', '\'':
		p.scanString(i)
		return
	case '`':
		p.scanTemplate(i, i+1)
		return
	case '#':
		if i == 0 && at(1) == '!' {
			p.pos = lineEnd(src, 2) // the hashbang line
			p.next()
			return
		}
		p.scanPrivate(i)
		return
	case '\\':
		p.scanIdentSlow(i, i)
		return
	default:
		if c >= '0' && c <= '9' {
			p.scanNumber(i)
			return
		}
		if c >= utf8.RuneSelf {
			r, _ := utf8.DecodeRuneInString(src[i:])
			if jsident.IsStart(r) {
				p.scanIdentSlow(i, i)
				return
			}
		}
		p.failAt(i, "unexpected character "+quoteRune(src[i:]))
	}
	p.tok.kind = kind
	p.tok.end = j
	p.pos = j
}

// eightSpaces is eight ' ' bytes as load64 reads them.
const eightSpaces = 0x2020202020202020

// load64 reads src[i:i+8] as one little-endian word (the compiler makes it
// one load).
func load64(src string, i int) uint64 {
	b := src[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

func quoteRune(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	if r < 0x20 || r == 0x7F {
		return "U+" + hex4(r)
	}
	return "'" + string(r) + "'"
}

func hex4(r rune) string {
	const digits = "0123456789ABCDEF"
	return string([]byte{digits[r>>12&15], digits[r>>8&15], digits[r>>4&15], digits[r&15]})
}

// commentEnd returns the offset in body (the text after a "/*") of the
// "*/" that ends the comment, or -1: strings.Index(body, "*/"), but
// searching for the '/', which is rare inside comments, rather than the
// '*', which starts every line of a JSDoc block.
func commentEnd(body string) int {
	for i := 0; ; {
		k := strings.IndexByte(body[i:], '/')
		if k < 0 {
			return -1
		}
		k += i
		if k > 0 && body[k-1] == '*' {
			return k - 1
		}
		i = k + 1
	}
}

// lineEnd returns the offset of the first line terminator in s at or after
// i (LF, CR, U+2028 or U+2029), or len(s).
func lineEnd(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c == '\n' || c == '\r' {
			return i
		}
		if c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
			return i
		}
		i++
	}
	return i
}

// scanIdentSlow scans an identifier that holds escapes or non-ASCII code
// points; src[start:j] is an ASCII prefix already known to be valid.
func (p *parser) scanIdentSlow(start, j int) {
	end, name, esc := p.scanIdentifierName(start, j)
	p.tok.end = end
	p.pos = end
	p.tok.name = name
	p.tok.esc = esc
	w := wordAt(name)
	switch {
	case w == nil:
		p.tok.kind, p.tok.reserved = tName, false
	case esc: // a reserved word written with escapes is a name, and not one module code may use
		p.tok.kind, p.tok.reserved = tName, true
	default:
		p.tok.kind, p.tok.reserved = w.kind, w.kind == tName
	}
}

// scanIdentifierName scans an IdentifierName from start (src[start:j]
// being already checked) and returns its end, its cooked text, and whether
// it held escapes.
func (p *parser) scanIdentifierName(start, j int) (int, string, bool) {
	src := p.src
	var c cooker
	esc := false
	c.buf = append(c.buf, src[start:j]...)
	for j < len(src) {
		b := src[j]
		if b < utf8.RuneSelf {
			if b == '\\' {
				r, n := p.scanUnicodeEscape(j)
				if r < 0 {
					p.failAt(j, "invalid escape sequence in identifier")
				}
				ok := jsident.IsPart(r)
				if j == start {
					ok = jsident.IsStart(r)
				}
				if !ok {
					p.failAt(j, "invalid identifier character escape")
				}
				c.codePoint(r)
				j = n
				esc = true
				continue
			}
			if asciiClass[b]&cIDPart == 0 || (j == start && asciiClass[b]&cIDStart == 0) {
				break
			}
			c.buf = append(c.buf, b)
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(src[j:])
		ok := jsident.IsPart(r)
		if j == start {
			ok = jsident.IsStart(r)
		}
		if !ok {
			break
		}
		c.buf = append(c.buf, src[j:j+size]...)
		j += size
	}
	if !esc {
		return j, src[start:j], false
	}
	return j, c.String(), true
}

// scanUnicodeEscape reads \uXXXX or \u{X…} at i (src[i] == '\\') and
// returns the code point and the offset after it, or -1 when malformed.
func (p *parser) scanUnicodeEscape(i int) (rune, int) {
	return unicodeEscape(p.src, i)
}

// unicodeEscape is scanUnicodeEscape on any string.
func unicodeEscape(src string, i int) (rune, int) {
	if i+1 >= len(src) || src[i+1] != 'u' {
		return -1, i
	}
	i += 2
	if i < len(src) && src[i] == '{' {
		i++
		var r rune
		n := 0
		for i < len(src) && src[i] != '}' {
			d := hexVal(src[i])
			if d < 0 {
				return -1, i
			}
			r = r*16 + rune(d)
			if r > 0x10FFFF {
				return -1, i
			}
			n++
			i++
		}
		if n == 0 || i >= len(src) {
			return -1, i
		}
		return r, i + 1
	}
	if i+4 > len(src) {
		return -1, i
	}
	var r rune
	for k := 0; k < 4; k++ {
		d := hexVal(src[i+k])
		if d < 0 {
			return -1, i
		}
		r = r*16 + rune(d)
	}
	return r, i + 4
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func (p *parser) scanPrivate(i int) {
	j := i + 1
	if j >= len(p.src) {
		p.failAt(i, "unexpected character '#'")
	}
	c := p.src[j]
	if c < utf8.RuneSelf && c != '\\' && asciiClass[c]&cIDStart == 0 {
		p.failAt(i, "unexpected character '#'")
	}
	if c >= utf8.RuneSelf {
		r, _ := utf8.DecodeRuneInString(p.src[j:])
		if !jsident.IsStart(r) {
			p.failAt(i, "unexpected character '#'")
		}
	}
	end, name, _ := p.scanIdentifierName(j, j)
	if end == j {
		p.failAt(i, "unexpected character '#'")
	}
	p.tok.kind = tPrivate
	p.tok.name = name
	p.tok.end = end
	p.pos = end
}

// scanNumber scans a numeric literal starting at i, enforcing the numeric
// separator rules and strict mode's ban on legacy octal literals.
func (p *parser) scanNumber(i int) {
	src := p.src
	at := func(k int) byte {
		if k < len(src) {
			return src[k]
		}
		return 0
	}
	j := i
	bigOK := true
	// digits scans digits of the given base with separators and returns
	// the new offset and the count of digits read.
	digits := func(j int, isDigit func(byte) bool) (int, int) {
		n := 0
		for {
			c := at(j)
			if isDigit(c) {
				n++
				j++
				continue
			}
			if c == '_' {
				if n == 0 || !isDigit(at(j+1)) {
					p.failAt(j, "numeric separators are only allowed between digits")
				}
				j++
				continue
			}
			return j, n
		}
	}
	dec := func(c byte) bool { return c >= '0' && c <= '9' }
	if at(j) == '0' && at(j+1) != '.' {
		switch at(j+1) | 0x20 {
		case 'x':
			j, n := digits(j+2, func(c byte) bool { return hexVal(c) >= 0 })
			p.finishNumber(i, j, n, true)
			return
		case 'o':
			j, n := digits(j+2, func(c byte) bool { return c >= '0' && c <= '7' })
			p.finishNumber(i, j, n, true)
			return
		case 'b':
			j, n := digits(j+2, func(c byte) bool { return c == '0' || c == '1' })
			p.finishNumber(i, j, n, true)
			return
		}
		if c := at(j + 1); dec(c) {
			p.failAt(i, "legacy octal literals and decimals with a leading zero are not allowed in strict mode")
		}
		if at(j+1) == '_' {
			p.failAt(j+1, "numeric separators are not allowed after a leading 0")
		}
	}
	if at(j) != '.' {
		j, _ = digits(j, dec)
	}
	if at(j) == '.' {
		bigOK = false
		j++
		if dec(at(j)) {
			j, _ = digits(j, dec)
		} else if at(j) == '_' {
			p.failAt(j, "numeric separators are only allowed between digits")
		}
	}
	if at(j)|0x20 == 'e' {
		bigOK = false
		j++
		if at(j) == '+' || at(j) == '-' {
			j++
		}
		var n int
		if at(j) == '_' {
			p.failAt(j, "numeric separators are only allowed between digits")
		}
		j, n = digits(j, dec)
		if n == 0 {
			p.failAt(j, "missing exponent")
		}
	}
	if at(j) == 'n' && !bigOK {
		p.failAt(j, "invalid BigInt literal")
	}
	p.finishNumber(i, j, 1, true)
}

func (p *parser) finishNumber(start, j, n int, bigOK bool) {
	if n == 0 {
		p.failAt(j, "missing digits in numeric literal")
	}
	if j < len(p.src) && p.src[j] == 'n' && bigOK {
		j++
	}
	if j < len(p.src) {
		c := p.src[j]
		bad := asciiClass[c]&cIDPart != 0 || c == '\\'
		if c >= utf8.RuneSelf {
			r, _ := utf8.DecodeRuneInString(p.src[j:])
			bad = jsident.IsStart(r)
		}
		if bad {
			p.failAt(j, "identifier starts immediately after numeric literal")
		}
	}
	p.tok.kind = tNumber
	p.tok.end = j
	p.pos = j
}

// scanString scans a string literal, checking its escapes. Strings are
// not cooked here: most are never needed, and cookString does it for the
// few the record keeps.
func (p *parser) scanString(i int) {
	src := p.src
	quote := src[i]
	j := i + 1
	for {
		if j >= len(src) {
			p.failAt(i, "unterminated string literal")
		}
		c := src[j]
		if c == quote {
			j++
			break
		}
		switch c {
		case '\n', '\r':
			p.failAt(i, "unterminated string literal")
		case '\\':
			bad, n := p.checkEscape(j, false)
			if bad >= 0 {
				p.failAt(bad, p.escapeError)
			}
			j = n
			continue
		}
		j++
	}
	p.tok.kind = tString
	p.tok.end = j
	p.pos = j
}

// checkEscape checks the escape sequence at j (src[j] == '\\') and returns
// the offset of a problem (or -1) and the offset after the escape. In a
// template, octal-like escapes are invalid rather than legacy.
func (p *parser) checkEscape(j int, template bool) (int, int) {
	src := p.src
	if j+1 >= len(src) {
		return -1, j + 1
	}
	c := src[j+1]
	switch {
	case c == 'x':
		if j+3 < len(src) && hexVal(src[j+2]) >= 0 && hexVal(src[j+3]) >= 0 {
			return -1, j + 4
		}
		p.escapeError = "invalid hexadecimal escape sequence"
		return j, j + 2
	case c == 'u':
		r, n := p.scanUnicodeEscape(j)
		if r < 0 {
			p.escapeError = "invalid Unicode escape sequence"
			return j, j + 2
		}
		return -1, n
	case c == '0':
		if j+2 < len(src) && src[j+2] >= '0' && src[j+2] <= '9' {
			p.escapeError = "octal escape sequences are not allowed in strict mode"
			if template {
				p.escapeError = "octal escape sequences are not allowed in template strings"
			}
			return j, j + 2
		}
		return -1, j + 2
	case c >= '1' && c <= '9':
		p.escapeError = "octal escape sequences are not allowed in strict mode"
		if c >= '8' {
			p.escapeError = "\\8 and \\9 are not allowed in strict mode"
		}
		if template {
			p.escapeError = "octal escape sequences are not allowed in template strings"
		}
		return j, j + 2
	case c == '\r':
		if j+2 < len(src) && src[j+2] == '\n' {
			return -1, j + 3
		}
		return -1, j + 2
	case c >= utf8.RuneSelf:
		_, size := utf8.DecodeRuneInString(src[j+1:])
		return -1, j + 1 + size
	}
	return -1, j + 2
}

// scanTemplate scans a template piece starting at start (the backquote or
// the closing brace of a substitution), whose characters begin at j.
func (p *parser) scanTemplate(start, j int) {
	src := p.src
	bad := -1
	for {
		if j >= len(src) {
			p.failAt(start, "unterminated template literal")
		}
		c := src[j]
		if c == '`' {
			p.tok.tail = true
			j++
			break
		}
		if c == '$' && j+1 < len(src) && src[j+1] == '{' {
			p.tok.tail = false
			j += 2
			break
		}
		if c == '\\' {
			b, n := p.checkEscape(j, true)
			if b >= 0 && bad < 0 {
				bad = b
				p.templateError = p.escapeError
			}
			j = n
			continue
		}
		j++
	}
	p.tok.kind = tTemplate
	p.tok.start = start
	p.tok.end = j
	p.tok.badEscape = bad
	p.pos = j
}

// rescanTemplateContinuation is called by the parser when the current
// token is the '}' that closes a substitution.
func (p *parser) rescanTemplateContinuation() {
	p.scanTemplate(p.tok.start, p.tok.start+1)
}

// rescanRegExp re-lexes the current '/' or '/=' token as a regular
// expression literal and validates its flags and pattern.
func (p *parser) rescanRegExp() {
	src := p.src
	start := p.tok.start
	j := start + 1
	inClass := false
	for {
		if j >= len(src) {
			p.failAt(start, "unterminated regular expression")
		}
		c := src[j]
		if c == '\n' || c == '\r' || (c == 0xE2 && j+2 < len(src) && src[j+1] == 0x80 && (src[j+2] == 0xA8 || src[j+2] == 0xA9)) {
			p.failAt(start, "unterminated regular expression")
		}
		if c == '\\' {
			j++
			if j < len(src) {
				d := src[j]
				if d == '\n' || d == '\r' || (d == 0xE2 && j+2 < len(src) && src[j+1] == 0x80 && (src[j+2] == 0xA8 || src[j+2] == 0xA9)) {
					p.failAt(start, "unterminated regular expression")
				}
			}
			j++
			continue
		}
		if c == '[' {
			inClass = true
		} else if c == ']' {
			inClass = false
		} else if c == '/' && !inClass {
			break
		}
		j++
	}
	bodyEnd := j
	j++
	flagsStart := j
	for j < len(src) {
		c := src[j]
		if c < utf8.RuneSelf {
			if c == '\\' {
				p.failAt(j, "invalid regular expression flags")
			}
			if asciiClass[c]&cIDPart == 0 {
				break
			}
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(src[j:])
		if !jsident.IsPart(r) {
			break
		}
		j += size
	}
	flags := src[flagsStart:j]
	var seen [128]bool
	for k := 0; k < len(flags); k++ {
		f := flags[k]
		if f >= 128 || strings.IndexByte("dgimsuvy", f) < 0 {
			p.failAt(flagsStart+k, "invalid regular expression flag "+quoteRune(flags[k:]))
		}
		if seen[f] {
			p.failAt(flagsStart+k, "duplicate regular expression flag '"+string(f)+"'")
		}
		seen[f] = true
	}
	if seen['u'] && seen['v'] {
		p.failAt(flagsStart, "regular expression flags u and v cannot be combined")
	}
	if err := jsregexp.Validate(src[start+1:bodyEnd], flags); err != nil {
		// Point at the offending character of the pattern, not at the
		// literal's start: in a long pattern that is what the reader needs.
		pos := start
		var re *jsregexp.Error
		if errors.As(err, &re) && re.Offset >= 0 {
			pos = start + 1 + re.Offset
		}
		p.failAt(pos, err.Error())
	}
	p.tok.kind = tRegExp
	p.tok.end = j
	p.pos = j
}

// cookString returns the value of the string literal src[start:end]
// (quotes included) as WTF-8. Without escapes it is a slice of the source.
func (p *parser) cookString(start, end int) string {
	raw := p.src[start+1 : end-1]
	if strings.IndexByte(raw, '\\') < 0 {
		return raw
	}
	return p.cook(raw, false)
}

// cookTemplate returns the cooked value of a template piece's characters.
func (p *parser) cookTemplate(raw string) string {
	if strings.IndexByte(raw, '\\') < 0 && strings.IndexByte(raw, '\r') < 0 {
		return raw
	}
	return p.cook(raw, true)
}

func (p *parser) cook(raw string, template bool) string {
	var c cooker
	c.buf = make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		ch := raw[i]
		if ch == '\r' && template {
			c.raw("\n")
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
			continue
		}
		if ch != '\\' {
			k := i + 1
			for k < len(raw) && raw[k] != '\\' && raw[k] != '\r' {
				k++
			}
			c.raw(raw[i:k])
			i = k
			continue
		}
		i++
		e := raw[i]
		switch e {
		case 'n':
			c.unit('\n')
		case 't':
			c.unit('\t')
		case 'r':
			c.unit('\r')
		case 'b':
			c.unit('\b')
		case 'f':
			c.unit('\f')
		case 'v':
			c.unit('\v')
		case '0':
			c.unit(0)
		case 'x':
			c.unit(rune(hexVal(raw[i+1])<<4 | hexVal(raw[i+2])))
			i += 2
		case 'u':
			r, n := unicodeEscape(raw, i-1)
			c.codePoint(r)
			i = n
			continue
		case '\r':
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
		case '\n':
		default:
			if e >= utf8.RuneSelf {
				r, size := utf8.DecodeRuneInString(raw[i:])
				if r != 0x2028 && r != 0x2029 {
					c.raw(raw[i : i+size])
				}
				i += size
				continue
			}
			c.unit(rune(e))
		}
		i++
	}
	return c.String()
}
