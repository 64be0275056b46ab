package jsregexp

import (
	"errors"
	"testing"
)

// FuzzValidate checks that Validate never panics and that every error
// points into the pattern, or at the flags with offset -1.
func FuzzValidate(f *testing.F) {
	for _, tc := range validCases {
		f.Add(tc.pattern, tc.flags)
	}
	for _, tc := range invalidCases {
		f.Add(tc.pattern, tc.flags)
	}
	f.Fuzz(func(t *testing.T, pattern, flags string) {
		err := Validate(pattern, flags)
		if err == nil {
			return
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("Validate(%q, %q) returned %T, want *Error", pattern, flags, err)
		}
		if e.Offset < -1 || e.Offset > len(pattern) || e.Msg == "" {
			t.Fatalf("Validate(%q, %q) = offset %d %q", pattern, flags, e.Offset, e.Msg)
		}
		if e.Offset == -1 && parseFlagsErr(flags) == nil {
			t.Fatalf("Validate(%q, %q): offset -1 with valid flags", pattern, flags)
		}
	})
}

func parseFlagsErr(flags string) *Error {
	_, _, err := parseFlags(flags)
	return err
}
