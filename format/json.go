package format

import (
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends the record's JSON dump, exactly as module-record.md
// fixes it (field order included), to dst, without a trailing newline.
// source is the value of the "source" field.
//
// encoding/json is not used because it would turn a lone surrogate, which a
// JavaScript string may hold, into U+FFFD; the contract wants it written as a
// \uXXXX escape.
func (r *Record) AppendJSON(dst []byte, source string) []byte {
	dst = append(dst, `{"source":`...)
	dst = AppendJSONString(dst, source)

	dst = append(dst, `,"requestedModules":[`...)
	for i, m := range r.RequestedModules {
		dst = comma(dst, i)
		dst = append(dst, `{"specifier":`...)
		dst = AppendJSONString(dst, m.Specifier)
		dst = append(dst, `,"attributes":[`...)
		for j, a := range m.Attributes {
			dst = comma(dst, j)
			dst = append(dst, `{"key":`...)
			dst = AppendJSONString(dst, a.Key)
			dst = append(dst, `,"value":`...)
			dst = AppendJSONString(dst, a.Value)
			dst = append(dst, '}')
		}
		dst = append(dst, "]}"...)
	}

	dst = append(dst, `],"importEntries":[`...)
	for i, e := range r.ImportEntries {
		dst = comma(dst, i)
		dst = append(dst, `{"moduleRequest":`...)
		dst = strconv.AppendInt(dst, int64(e.ModuleRequest), 10)
		dst = append(dst, `,"importName":`...)
		dst = appendNullable(dst, e.ImportName, !e.Namespace)
		dst = append(dst, `,"localName":`...)
		dst = AppendJSONString(dst, e.LocalName)
		dst = append(dst, '}')
	}

	dst = append(dst, `],"localExportEntries":[`...)
	for i, e := range r.LocalExportEntries {
		dst = comma(dst, i)
		dst = append(dst, `{"exportName":`...)
		dst = AppendJSONString(dst, e.ExportName)
		dst = append(dst, `,"localName":`...)
		dst = AppendJSONString(dst, e.LocalName)
		dst = append(dst, '}')
	}

	dst = append(dst, `],"indirectExportEntries":[`...)
	for i, e := range r.IndirectExportEntries {
		dst = comma(dst, i)
		dst = append(dst, `{"exportName":`...)
		dst = AppendJSONString(dst, e.ExportName)
		dst = append(dst, `,"moduleRequest":`...)
		dst = strconv.AppendInt(dst, int64(e.ModuleRequest), 10)
		dst = append(dst, `,"importName":`...)
		dst = appendNullable(dst, e.ImportName, !e.Namespace)
		dst = append(dst, '}')
	}

	dst = append(dst, `],"starExportEntries":[`...)
	for i, e := range r.StarExportEntries {
		dst = comma(dst, i)
		dst = append(dst, `{"moduleRequest":`...)
		dst = strconv.AppendInt(dst, int64(e.ModuleRequest), 10)
		dst = append(dst, '}')
	}

	dst = append(dst, `],"varNames":[`...)
	for i, n := range r.VarNames {
		dst = comma(dst, i)
		dst = AppendJSONString(dst, n)
	}

	dst = append(dst, `],"lexicalNames":[`...)
	for i, n := range r.LexicalNames {
		dst = comma(dst, i)
		dst = append(dst, `{"name":`...)
		dst = AppendJSONString(dst, n.Name)
		dst = append(dst, `,"kind":`...)
		dst = AppendJSONString(dst, n.Kind.String())
		dst = append(dst, '}')
	}

	dst = append(dst, `],"hasTopLevelAwait":`...)
	dst = strconv.AppendBool(dst, r.HasTopLevelAwait)

	dst = append(dst, `,"dynamicImports":[`...)
	for i, d := range r.DynamicImports {
		dst = comma(dst, i)
		dst = append(dst, `{"specifier":`...)
		dst = appendNullable(dst, d.Specifier, d.Known)
		dst = append(dst, '}')
	}

	dst = append(dst, `],"usesImportMeta":`...)
	dst = strconv.AppendBool(dst, r.UsesImportMeta)
	return append(dst, '}')
}

func comma(dst []byte, i int) []byte {
	if i > 0 {
		dst = append(dst, ',')
	}
	return dst
}

func appendNullable(dst []byte, s string, valid bool) []byte {
	if !valid {
		return append(dst, "null"...)
	}
	return AppendJSONString(dst, s)
}

const hexDigits = "0123456789abcdef"

// AppendJSONString appends s, a WTF-8 string, as a JSON string. Lone
// surrogates are written as \uXXXX escapes; any byte sequence that is not
// WTF-8 is written as U+FFFD. Output is ASCII-safe for control characters
// only; other characters are written as UTF-8, as JSON.stringify does.
func AppendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c >= 0x20:
				dst = append(dst, c)
			case c == '\n':
				dst = append(dst, `\n`...)
			case c == '\r':
				dst = append(dst, `\r`...)
			case c == '\t':
				dst = append(dst, `\t`...)
			case c == '\b':
				dst = append(dst, `\b`...)
			case c == '\f':
				dst = append(dst, `\f`...)
			default:
				dst = append(dst, `\u00`...)
				dst = append(dst, hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			continue
		}
		if cu, ok := surrogateAt(s, i); ok {
			dst = append(dst, `\u`...)
			dst = append(dst, hexDigits[cu>>12], hexDigits[cu>>8&0xF], hexDigits[cu>>4&0xF], hexDigits[cu&0xF])
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, "\uFFFD"...)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}

// surrogateAt reports whether s[i:] starts with the WTF-8 encoding of a
// surrogate code point (ED A0..BF 80..BF) and returns it.
func surrogateAt(s string, i int) (uint16, bool) {
	if i+2 < len(s) && s[i] == 0xED && s[i+1] >= 0xA0 && s[i+1] <= 0xBF && s[i+2] >= 0x80 && s[i+2] <= 0xBF {
		return 0xD000 | uint16(s[i+1]&0x3F)<<6 | uint16(s[i+2]&0x3F), true
	}
	return 0, false
}

// IsWellFormed reports whether the WTF-8 string s holds no lone surrogate,
// that is, whether it is well-formed Unicode (IsStringWellFormedUnicode).
func IsWellFormed(s string) bool {
	return utf8.ValidString(s)
}
