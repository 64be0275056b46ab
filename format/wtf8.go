package format

import "unicode/utf8"

// ValidWTF8 reports whether s is WTF-8: UTF-8 in which a code point in
// U+D800–U+DFFF may appear (encoded in three bytes like any other), as long
// as no lead surrogate is directly followed by a trail surrogate. Such a pair
// stands for a supplementary code point and WTF-8 requires its four-byte
// UTF-8 form; allowing both spellings would give one JavaScript string two
// encodings, and a reader comparing bytes could then misread a name.
func ValidWTF8(s string) bool {
	prevLead := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			prevLead = false
			i++
			continue
		}
		if cu, ok := surrogateAt(s, i); ok {
			isLead := cu < 0xDC00
			if prevLead && !isLead {
				return false
			}
			prevLead = isLead
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return false
		}
		prevLead = false
		i += size
	}
	return true
}

// CompareUTF16 compares two WTF-8 strings in UTF-16 code unit order, the
// order in which JavaScript compares strings and WithClauseToAttributes sorts
// attribute keys; it returns -1, 0 or +1. A lone lead surrogate is compared
// by its own code unit, so "\uD83D" sorts before "\uD83D\uDE00" (😀), of
// which it is a prefix. It differs from byte order when a supplementary code point
// (four bytes in UTF-8, a surrogate pair in UTF-16) meets a code point in
// U+E000–U+FFFF or a lone surrogate.
func CompareUTF16(a, b string) int {
	ua, ub := utf16Units{s: a}, utf16Units{s: b}
	for {
		x, okx := ua.next()
		y, oky := ub.next()
		switch {
		case !okx && !oky:
			return 0
		case !okx:
			return -1
		case !oky:
			return 1
		case x < y:
			return -1
		case x > y:
			return 1
		}
	}
}

// utf16Units yields the UTF-16 code units of a valid WTF-8 string.
type utf16Units struct {
	s     string
	i     int
	trail uint16 // the trail surrogate still to yield, or 0
}

func (u *utf16Units) next() (uint16, bool) {
	if u.trail != 0 {
		t := u.trail
		u.trail = 0
		return t, true
	}
	if u.i >= len(u.s) {
		return 0, false
	}
	s, i := u.s, u.i
	c := s[i]
	if n := seqLen(c); i+n > len(s) {
		// Not WTF-8 (callers validate first); yield the byte rather than
		// read past the end.
		u.i++
		return uint16(c), true
	}
	switch {
	case c < 0x80:
		u.i++
		return uint16(c), true
	case c < 0xE0:
		u.i += 2
		return uint16(c&0x1F)<<6 | uint16(s[i+1]&0x3F), true
	case c < 0xF0:
		u.i += 3
		return uint16(c&0x0F)<<12 | uint16(s[i+1]&0x3F)<<6 | uint16(s[i+2]&0x3F), true
	}
	u.i += 4
	cp := (rune(c&0x07)<<18 | rune(s[i+1]&0x3F)<<12 | rune(s[i+2]&0x3F)<<6 | rune(s[i+3]&0x3F)) - 0x10000
	u.trail = uint16(0xDC00 + cp&0x3FF)
	return uint16(0xD800 + cp>>10), true
}

// seqLen is the length of the UTF-8 sequence that starts with byte c.
func seqLen(c byte) int {
	switch {
	case c < 0xE0:
		if c < 0x80 {
			return 1
		}
		return 2
	case c < 0xF0:
		return 3
	}
	return 4
}
