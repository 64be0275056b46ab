package jsregexp_test

import (
	"errors"
	"fmt"

	"github.com/bmesjs/bmes/internal/jsregexp"
)

func ExampleValidate() {
	for _, lit := range []struct{ pattern, flags string }{
		{`(?<year>\d{4})-\k<year>`, "u"},
		{`a{2,1}`, ""},
		{`[\p{RGI_Emoji}--\q{x}]`, "v"},
		{`[^\p{RGI_Emoji}]`, "v"},
		{`.`, "gg"},
	} {
		err := jsregexp.Validate(lit.pattern, lit.flags)
		var e *jsregexp.Error
		if errors.As(err, &e) {
			fmt.Printf("/%s/%s: offset %d: %s\n", lit.pattern, lit.flags, e.Offset, e.Msg)
			continue
		}
		fmt.Printf("/%s/%s: ok\n", lit.pattern, lit.flags)
	}
	// Output:
	// /(?<year>\d{4})-\k<year>/u: ok
	// /a{2,1}/: offset 1: numbers out of order in {} quantifier
	// /[\p{RGI_Emoji}--\q{x}]/v: ok
	// /[^\p{RGI_Emoji}]/v: offset 0: a negated character class cannot contain strings
	// /./gg: offset -1: duplicate flag 'g'
}
