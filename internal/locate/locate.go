// Package locate finds where in a source file its import and export
// declarations are written: the position of each module specifier and of
// each name between `import`/`export` and it. The link check needs
// positions only for the few modules that have a link error, and records
// read from sidecars carry none, so rather than make every parse keep
// positions, the check re-reads just those files with this scanner.
//
// It is a tokenizer, not a parser: it skips comments, strings, template
// literals and regular expressions (telling a regular expression from a
// division by the token before it, which is right for every import and
// export declaration and nearly everywhere else), and it reads TypeScript
// and JSX sources as they are written, so that positions are those of the
// file the user wrote, not of esbuild's output. The input has been
// analysed already, so it is known to be valid; a position it cannot find
// is left zero and the diagnostic then names the file alone.
package locate

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/bmesjs/bmes/format"
)

// Pos is a 1-based line and byte column, as package diag counts them.
type Pos struct{ Line, Col int }

// Name is one identifier or string name written in a declaration.
type Name struct {
	Text string
	Pos  Pos
}

// Decl is one `import … from 'm'`, `import 'm'`, `export … from 'm'`,
// `export { … }` or `import('m')` with a string.
type Decl struct {
	Export    bool   // export rather than import
	Dynamic   bool   // import('m')
	Specifier string // "" for an export list without from
	SpecPos   Pos
	Names     []Name // names and string names between the keyword and the specifier
	// Attributes of the with clause after the specifier, as key, value,
	// key, value…, sorted by key as the record's are.
	Attributes []string
	Pos        Pos // the import or export keyword
}

// File is the declarations of one source, in source order.
type File struct{ Decls []Decl }

type token struct {
	kind  byte // 'n' name, 's' string, 'p' punctuation, 't' template, 'r' regexp, 'x' number/other
	text  string
	start int
}

// Scan finds the declarations of src.
func Scan(src []byte) *File {
	s := &scanner{src: src}
	toks := s.tokens()
	f := &File{}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != 'n' || t.text != "import" && t.text != "export" {
			continue
		}
		if i > 0 && toks[i-1].kind == 'p' && (toks[i-1].text == "." || toks[i-1].text == "?.") {
			continue // x.import
		}
		d := Decl{Export: t.text == "export", Pos: s.pos(t.start)}
		j := i + 1
		if !d.Export && j < len(toks) && toks[j].kind == 'p' {
			switch toks[j].text {
			case "(":
				if j+1 < len(toks) && toks[j+1].kind == 's' {
					d.Dynamic = true
					d.Specifier = unquote(toks[j+1].text)
					d.SpecPos = s.pos(toks[j+1].start)
					f.Decls = append(f.Decls, d)
				}
				continue
			case ".":
				continue // import.meta
			}
		}
		if j < len(toks) && toks[j].kind == 's' && !d.Export {
			d.Specifier = unquote(toks[j].text)
			d.SpecPos = s.pos(toks[j].start)
			d.Attributes, j = attributes(toks, j+1)
			f.Decls = append(f.Decls, d)
			i = j - 1
			continue
		}
		// Collect names up to `from 'm'`, or, for an export, up to the
		// closing brace of a list without from. An export that is not a
		// list or a star (export const, export default …) declares
		// bindings of its own and is not wanted.
		if d.Export && (j >= len(toks) || toks[j].kind != 'p' || toks[j].text != "{" && toks[j].text != "*") {
			continue
		}
		braces := 0
		closed := false
	scan:
		for ; j < len(toks); j++ {
			u := toks[j]
			switch {
			case u.kind == 'p' && u.text == "{":
				braces++
			case u.kind == 'p' && u.text == "}":
				braces--
				closed = braces == 0
			case u.kind == 'p' && (u.text == "," || u.text == "*"):
			case u.kind == 'n' && u.text == "from" && braces == 0 && j+1 < len(toks) && toks[j+1].kind == 's':
				d.Specifier = unquote(toks[j+1].text)
				d.SpecPos = s.pos(toks[j+1].start)
				d.Attributes, j = attributes(toks, j+2)
				break scan
			case (u.kind == 'n' || u.kind == 's') && !(closed && braces == 0):
				text := u.text
				if u.kind == 's' {
					text = unquote(text)
				}
				d.Names = append(d.Names, Name{Text: text, Pos: s.pos(u.start)})
			default:
				break scan
			}
		}
		if d.Specifier != "" || d.Export && closed {
			f.Decls = append(f.Decls, d)
		}
		i = j - 1 // the token that ended the declaration may start the next
	}
	return f
}

// attributes reads a with clause at toks[j], if there is one, and
// returns its attributes and the index after it.
func attributes(toks []token, j int) ([]string, int) {
	if j+1 >= len(toks) || toks[j].kind != 'n' || toks[j].text != "with" || toks[j+1].text != "{" {
		return nil, j
	}
	type kv struct{ k, v string }
	var list []kv
	j += 2
	for j+2 < len(toks) && (toks[j].kind == 'n' || toks[j].kind == 's') && toks[j+1].text == ":" && toks[j+2].kind == 's' {
		k := toks[j].text
		if toks[j].kind == 's' {
			k = unquote(k)
		}
		list = append(list, kv{k, unquote(toks[j+2].text)})
		j += 3
		if j < len(toks) && toks[j].text == "," {
			j++
		}
	}
	if j < len(toks) && toks[j].text == "}" {
		j++
	}
	sort.SliceStable(list, func(a, b int) bool { return lessUTF16(list[a].k, list[b].k) })
	out := make([]string, 0, 2*len(list))
	for _, p := range list {
		out = append(out, p.k, p.v)
	}
	return out, j
}

// lessUTF16 orders strings by UTF-16 code units, as the record sorts
// attribute keys.
func lessUTF16(a, b string) bool {
	return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b))) < 0
}

// Request returns the position of the specifier of the first static
// declaration of spec with these attributes (key, value, … sorted by key).
func (f *File) Request(spec string, attrs ...string) (Pos, bool) {
	for _, d := range f.Decls {
		if !d.Dynamic && d.Specifier == spec && d.SpecPos.Line > 0 && slices.Equal(d.Attributes, attrs) {
			return d.SpecPos, true
		}
	}
	for _, d := range f.Decls {
		if !d.Dynamic && d.Specifier == spec && d.SpecPos.Line > 0 {
			return d.SpecPos, true
		}
	}
	return Pos{}, false
}

// Dynamic returns the position of the first import() of spec.
func (f *File) Dynamic(spec string) (Pos, bool) {
	for _, d := range f.Decls {
		if d.Dynamic && d.Specifier == spec {
			return d.SpecPos, true
		}
	}
	return Pos{}, false
}

// Name returns the position of the first of names written in a static
// import (export false) or export (export true) declaration of spec with
// attrs (any export list without from when spec is ""), trying names in
// order.
func (f *File) Name(export bool, spec string, attrs []string, names ...string) (Pos, bool) {
	for _, n := range names {
		for _, d := range f.Decls {
			if d.Dynamic || d.Export != export || d.Specifier != spec || spec != "" && !slices.Equal(d.Attributes, attrs) {
				continue
			}
			for _, w := range d.Names {
				if w.Text == n {
					return w.Pos, true
				}
			}
		}
	}
	return Pos{}, false
}

// Entry says which part of a record a position is wanted for.
type Entry uint8

const (
	RequestEntry        Entry = iota // a module request: its specifier
	ImportEntry                      // an import entry: its import name, or its local name for a default import
	IndirectExportEntry              // an indirect export entry: its name in the export declaration
)

// Find returns the position in f of part of rec: request i of
// RequestedModules, or entry j of ImportEntries or IndirectExportEntries
// (which request i is the request of). A name that cannot be found falls
// back to the specifier; zero when neither can.
func (f *File) Find(rec *format.Record, what Entry, i, j int) Pos {
	if f == nil || i < 0 || i >= len(rec.RequestedModules) {
		return Pos{}
	}
	req := rec.RequestedModules[i]
	attrs := make([]string, 0, 2*len(req.Attributes))
	for _, a := range req.Attributes {
		attrs = append(attrs, a.Key, a.Value)
	}
	var p Pos
	ok := false
	switch {
	case what == ImportEntry && j >= 0 && j < len(rec.ImportEntries):
		in := rec.ImportEntries[j]
		p, ok = f.Name(false, req.Specifier, attrs, in.ImportName, in.LocalName)
	case what == IndirectExportEntry && j >= 0 && j < len(rec.IndirectExportEntries):
		ie := rec.IndirectExportEntries[j]
		if p, ok = f.Name(true, req.Specifier, attrs, ie.ImportName, ie.ExportName); !ok {
			// `import {a} from 'm'; export {a as b}`: the export list,
			// else the import.
			if p, ok = f.Name(true, "", nil, ie.ExportName); !ok {
				p, ok = f.Name(false, req.Specifier, attrs, ie.ImportName)
			}
		}
	}
	if !ok {
		p, _ = f.Request(req.Specifier, attrs...)
	}
	return p
}

type scanner struct {
	src   []byte
	lines []int // offsets of line starts, built on first use
}

func (s *scanner) pos(off int) Pos {
	if s.lines == nil {
		s.lines = []int{0}
		for i, c := range s.src {
			if c == '\n' {
				s.lines = append(s.lines, i+1)
			}
		}
	}
	lo, hi := 0, len(s.lines)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if s.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return Pos{Line: lo + 1, Col: off - s.lines[lo] + 1}
}

// regexAfter reports whether a '/' after the token prev starts a regular
// expression: after punctuation other than a closing bracket, after a
// keyword that ends no expression, and at the start.
func regexAfter(prev *token) bool {
	if prev == nil {
		return true
	}
	switch prev.kind {
	case 'p':
		return prev.text != ")" && prev.text != "]" && prev.text != "}"
	case 'n':
		switch prev.text {
		case "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await":
			return true
		}
	}
	return false
}

func (s *scanner) tokens() []token {
	src := s.src
	var toks []token
	var braces []int // template nesting: brace depth at each ${
	depth := 0
	i := 0
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		i = 3
	}
	if i+1 < len(src) && src[i] == '#' && src[i+1] == '!' {
		for i < len(src) && src[i] != '\n' {
			i++
		}
	}
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := strings.Index(string(src[i+2:]), "*/")
			if end < 0 {
				return toks
			}
			i += end + 4
		case c == '\'' || c == '"':
			start := i
			i++
			for i < len(src) && src[i] != c && src[i] != '\n' {
				if src[i] == '\\' {
					i++
				}
				i++
			}
			i++
			toks = append(toks, token{'s', string(src[start:min(i, len(src))]), start})
		case c == '`' || c == '}' && len(braces) > 0 && braces[len(braces)-1] == depth:
			if c == '}' {
				braces = braces[:len(braces)-1]
			}
			start := i
			i++
			for i < len(src) && src[i] != '`' {
				if src[i] == '\\' {
					i++
				} else if src[i] == '$' && i+1 < len(src) && src[i+1] == '{' {
					braces = append(braces, depth)
					i++
					break
				}
				i++
			}
			i++
			toks = append(toks, token{'t', "", start})
		case c == '/':
			var prev *token
			if len(toks) > 0 {
				prev = &toks[len(toks)-1]
			}
			start := i
			if !regexAfter(prev) {
				i++
				toks = append(toks, token{'p', "/", start})
				continue
			}
			i++
			inClass := false
			for i < len(src) && src[i] != '\n' {
				if src[i] == '\\' {
					i += 2
					continue
				}
				if src[i] == '[' {
					inClass = true
				} else if src[i] == ']' {
					inClass = false
				} else if src[i] == '/' && !inClass {
					break
				}
				i++
			}
			i++
			for i < len(src) && isIdent(src[i]) {
				i++
			}
			toks = append(toks, token{'r', "", start})
		case isIdentStart(c) || c >= utf8.RuneSelf:
			start := i
			for i < len(src) && (isIdent(src[i]) || src[i] >= utf8.RuneSelf) {
				i++
			}
			toks = append(toks, token{'n', string(src[start:i]), start})
		case '0' <= c && c <= '9':
			start := i
			for i < len(src) && (isIdent(src[i]) || src[i] == '.') {
				i++
			}
			toks = append(toks, token{'x', "", start})
		default:
			start := i
			if c == '{' {
				depth++
			} else if c == '}' {
				depth--
			}
			text := string(c)
			if c == '?' && i+1 < len(src) && src[i+1] == '.' {
				text = "?."
				i++
			}
			i++
			toks = append(toks, token{'p', text, start})
		}
	}
	return toks
}

func isIdentStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == '$' || c == '\\' || c == '#'
}

func isIdent(c byte) bool { return isIdentStart(c) || '0' <= c && c <= '9' }

// unquote returns the value of a string literal token, with the common
// escapes applied; one it cannot decode is returned without its quotes,
// which is the value for every specifier without a backslash.
func unquote(lit string) string {
	if len(lit) < 2 {
		return lit
	}
	body := lit[1 : len(lit)-1]
	if !strings.Contains(body, "\\") {
		return body
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' || i+1 >= len(body) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := body[i]; e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case '0':
			b.WriteByte(0)
		case 'x':
			if i+2 < len(body) {
				if v, ok := hexVal(body[i+1 : i+3]); ok {
					b.WriteRune(rune(v))
					i += 2
					continue
				}
			}
			b.WriteByte(e)
		case 'u':
			if i+4 < len(body) && body[i+1] != '{' {
				if v, ok := hexVal(body[i+1 : i+5]); ok {
					b.WriteRune(rune(v))
					i += 4
					continue
				}
			}
			if end := strings.IndexByte(body[i:], '}'); i+1 < len(body) && body[i+1] == '{' && end > 0 {
				if v, ok := hexVal(body[i+2 : i+end]); ok {
					b.WriteRune(rune(v))
					i += end
					continue
				}
			}
			b.WriteByte(e)
		case '\n':
		default:
			b.WriteByte(e)
		}
	}
	return b.String()
}

func hexVal(s string) (int, bool) {
	if s == "" || len(s) > 6 {
		return 0, false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			v = v*16 + int(c-'0')
		case 'a' <= c && c <= 'f':
			v = v*16 + int(c-'a'+10)
		case 'A' <= c && c <= 'F':
			v = v*16 + int(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}
