package link

import (
	"bytes"
	"encoding/json"
	"errors"
)

// CheckJSON tells whether data parses as a JSON module's source does
// (ParseJSONModule: the text decoded with a leading byte order mark
// dropped, then JSON.parse). A host gives a JSON module that does not as
// a Request with Err set, since loading it throws a SyntaxError.
//
// It validates rather than decodes into Go values: JSON.parse takes 1e400
// (as Infinity), which a float64 does not.
func CheckJSON(data []byte) error {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if json.Valid(data) {
		return nil
	}
	var raw json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	return errors.New("invalid JSON")
}
