package link_test

import (
	"testing"

	"github.com/bmesjs/bmes/link"
)

func TestCheckJSON(t *testing.T) {
	for src, ok := range map[string]bool{
		`{"a": [1, 2.5e400, null, true, "\ud800"]}`: true,
		"\xEF\xBB\xBF {} ":                          true,
		` "just a string" `:                         true,
		`{"a": 1,}`:                                 false,
		`{} {}`:                                     false,
		``:                                          false,
		`{a: 1}`:                                    false,
		`// comment` + "\n{}":                       false,
	} {
		if err := link.CheckJSON([]byte(src)); (err == nil) != ok {
			t.Errorf("CheckJSON(%q) = %v, want ok %v", src, err, ok)
		}
	}
}
