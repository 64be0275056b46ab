package jsident

import "testing"

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		r           rune
		start, part bool
	}{
		{'a', true, true},
		{'Z', true, true},
		{'$', true, true},
		{'_', true, true},
		{'0', false, true},
		{'-', false, false},
		{' ', false, false},
		{'é', true, true},
		{'℮', true, true},        // U+212E: Other_ID_Start
		{'·', false, true},       // U+00B7: Other_ID_Continue
		{'\u0301', false, true},  // combining acute accent: Mn
		{'\u200C', false, true},  // ZWNJ
		{'\u200D', false, true},  // ZWJ
		{'\u2E2F', false, false}, // VERTICAL TILDE: Lm but Pattern_Syntax
		{'\u1C89', true, true},   // CYRILLIC CAPITAL LETTER TJE, new in Unicode 16
		{'\U0001F600', false, false},
		{'\u00A0', false, false},
	} {
		if got := IsStart(tc.r); got != tc.start {
			t.Errorf("IsStart(%U) = %v, want %v", tc.r, got, tc.start)
		}
		if got := IsPart(tc.r); got != tc.part {
			t.Errorf("IsPart(%U) = %v, want %v", tc.r, got, tc.part)
		}
	}
}

// TestStartIsPart: every IdentifierStartChar is an IdentifierPartChar, as
// ID_Continue is a superset of ID_Start.
func TestStartIsPart(t *testing.T) {
	for r := rune(0); r <= 0x10FFFF; r++ {
		if IsStart(r) && !IsPart(r) {
			t.Fatalf("%U is an identifier start but not an identifier part", r)
		}
	}
}
