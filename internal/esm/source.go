package esm

import (
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// decode turns the file's bytes into the source text the parser reads: a
// leading byte order mark is dropped and every invalid UTF-8 sequence is
// replaced by U+FFFD, as the WHATWG decoder that runtimes use does. The
// result is a string so that the lexer can slice names out of it without
// allocating. skip is the number of bytes dropped at the start, which
// error positions add back. Valid text shares src's memory (see
// borrowed).
func decode(src []byte) (text string, skip int) {
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		src = src[3:]
		skip = 3
	}
	if utf8.Valid(src) {
		if len(src) == 0 {
			return "", skip
		}
		// Valid text is read in place, not copied: Parse gives the record
		// its own copies of the few strings it keeps (ownStrings).
		return unsafe.String(&src[0], len(src)), skip
	}
	buf := make([]byte, 0, len(src)+16)
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r != utf8.RuneError || size > 1 {
			buf = append(buf, src[i:i+size]...)
			i += size
			continue
		}
		buf = utf8.AppendRune(buf, utf8.RuneError)
		i += invalidPrefix(src[i:])
	}
	return string(buf), skip
}

// invalidPrefix returns the length of the maximal subpart of an invalid
// UTF-8 sequence at the start of b: the bytes that a valid sequence could
// have started with. The WHATWG decoder replaces that whole subpart by one
// U+FFFD (a truncated E2 82 is one replacement, not two), which Go's
// decoder, replacing byte by byte, does not do.
func invalidPrefix(b []byte) int {
	c := b[0]
	var n int
	lo, hi := byte(0x80), byte(0xBF)
	switch {
	case c >= 0xC2 && c <= 0xDF:
		n = 2
	case c >= 0xE0 && c <= 0xEF:
		n = 3
		if c == 0xE0 {
			lo = 0xA0
		} else if c == 0xED {
			hi = 0x9F
		}
	case c >= 0xF0 && c <= 0xF4:
		n = 4
		if c == 0xF0 {
			lo = 0x90
		} else if c == 0xF4 {
			hi = 0x8F
		}
	default:
		return 1
	}
	i := 1
	for ; i < n && i < len(b); i++ {
		if b[i] < lo || b[i] > hi {
			break
		}
		lo, hi = 0x80, 0xBF
	}
	return i
}

// position converts a byte offset in the decoded text into a 1-based line
// and 1-based byte column. It is only called for the one diagnostic a failed
// parse reports, so it scans from the start instead of keeping a line table.
func position(src string, offset int) (line, col int) {
	if offset > len(src) {
		offset = len(src)
	}
	line, lineStart := 1, 0
	for i := 0; i < offset; {
		c := src[i]
		switch {
		case c == '\n':
			line++
			lineStart = i + 1
		case c == '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			line++
			lineStart = i + 1
		case c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9):
			i += 2
			line++
			lineStart = i + 1
		}
		i++
	}
	return line, offset - lineStart + 1
}

// isWhiteSpace reports whether the non-ASCII r is WhiteSpace: U+FEFF and
// the Zs category (U+00A0 is in Zs).
func isWhiteSpace(r rune) bool {
	return r == 0xFEFF || unicode.Is(unicode.Zs, r)
}

// appendWTF8 appends the code point r to b; surrogates are encoded in three
// bytes like any other code point (utf8.AppendRune would write U+FFFD).
func appendWTF8(b []byte, r rune) []byte {
	if r >= 0xD800 && r <= 0xDFFF {
		return append(b, 0xED, byte(0x80|(r>>6)&0x3F), byte(0x80|r&0x3F))
	}
	return utf8.AppendRune(b, r)
}

// cooker accumulates a JavaScript string's code units as WTF-8, joining a
// high surrogate with the low surrogate that follows it (`\uD83D\uDE00` is
// one code point) and leaving lone ones as they are.
type cooker struct {
	buf  []byte
	high rune // pending high surrogate, or 0
}

func (c *cooker) unit(u rune) {
	if c.high != 0 {
		if u >= 0xDC00 && u <= 0xDFFF {
			c.buf = utf8.AppendRune(c.buf, 0x10000+(c.high-0xD800)<<10+(u-0xDC00))
			c.high = 0
			return
		}
		c.buf = appendWTF8(c.buf, c.high)
		c.high = 0
	}
	if u >= 0xD800 && u <= 0xDBFF {
		c.high = u
		return
	}
	c.buf = appendWTF8(c.buf, u)
}

// codePoint appends a whole code point (from source text or `\u{…}`).
func (c *cooker) codePoint(r rune) {
	if r >= 0x10000 {
		c.flush()
		c.buf = utf8.AppendRune(c.buf, r)
		return
	}
	c.unit(r)
}

func (c *cooker) raw(s string) {
	c.flush()
	c.buf = append(c.buf, s...)
}

func (c *cooker) flush() {
	if c.high != 0 {
		c.buf = appendWTF8(c.buf, c.high)
		c.high = 0
	}
}

func (c *cooker) String() string {
	c.flush()
	return string(c.buf)
}

// borrowed reports whether text, as decode returned it for src, shares
// src's memory.
func borrowed(text string, src []byte) bool {
	if len(text) == 0 || len(src) == 0 {
		return false
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	base := uintptr(unsafe.Pointer(&src[0]))
	return p >= base && p < base+uintptr(len(src))
}
