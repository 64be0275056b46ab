package jsregexp

import "unicode"

// isIDStart reports IdentifierStartChar: UnicodeIDStart, $ or _. ID_Start
// is derived as in UAX #31: letters, letter numbers and Other_ID_Start,
// less Pattern_Syntax and Pattern_White_Space. The tables are those of Go's
// unicode package (see unicode.Version), which may trail the Unicode version
// the spec refers to by a release.
func isIDStart(r rune) bool {
	if r < 0x80 {
		return r == '$' || r == '_' || 'a' <= r|0x20 && r|0x20 <= 'z'
	}
	return (unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Other_ID_Start, r)) &&
		!unicode.Is(unicode.Pattern_Syntax, r) && !unicode.Is(unicode.Pattern_White_Space, r)
}

// isIDPart reports IdentifierPartChar: UnicodeIDContinue, $, ZWNJ or ZWJ.
// ID_Continue adds to ID_Start the nonspacing and spacing marks, decimal
// numbers, connector punctuation and Other_ID_Continue.
func isIDPart(r rune) bool {
	if r < 0x80 {
		return isIDStart(r) || '0' <= r && r <= '9'
	}
	if r == 0x200C || r == 0x200D {
		return true
	}
	return (unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Other_ID_Start, r) ||
		unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Nd, r) ||
		unicode.Is(unicode.Pc, r) || unicode.Is(unicode.Other_ID_Continue, r)) &&
		!unicode.Is(unicode.Pattern_Syntax, r) && !unicode.Is(unicode.Pattern_White_Space, r)
}
