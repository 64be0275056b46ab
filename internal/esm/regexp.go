package esm

import "github.com/bmesjs/bmes/internal/jsregexp"

// validateRegExp checks a regular expression literal's pattern (the raw
// source text between the slashes) against its flags; an invalid pattern
// is an early error of the module.
func validateRegExp(pattern, flags string) error {
	return jsregexp.Validate(pattern, flags)
}
