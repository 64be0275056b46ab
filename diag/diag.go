// Package diag holds diagnostics as values: a position in a file and a
// message. The parser, the walk and the plugin produce them; only the
// commands print them (or the plugin turns them into esbuild messages).
package diag

import (
	"fmt"
	"sort"
)

// Diagnostic is a problem at a place in a file. Line and Col are 1-based;
// Col counts bytes, as Go tools do. A zero Line means the problem concerns
// the whole file (an unreadable file, a symlink loop).
type Diagnostic struct {
	File string
	Line int
	Col  int
	Msg  string
}

// Error formats the diagnostic as file:line:col: msg, the form editors and
// CI annotators recognise.
func (d *Diagnostic) Error() string {
	switch {
	case d.File == "" && d.Line == 0:
		return d.Msg
	case d.Line == 0:
		return fmt.Sprintf("%s: %s", d.File, d.Msg)
	case d.File == "":
		return fmt.Sprintf("%d:%d: %s", d.Line, d.Col, d.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", d.File, d.Line, d.Col, d.Msg)
}

// List is a list of diagnostics; as an error it reads like go/scanner's
// ErrorList: the first one, and how many more there are.
type List []*Diagnostic

// Add appends a diagnostic.
func (l *List) Add(file string, line, col int, msg string) {
	*l = append(*l, &Diagnostic{File: file, Line: line, Col: col, Msg: msg})
}

// Sort orders the list by file, then position.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

func (l List) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Err returns the list as an error, or nil when it is empty, so that callers
// can write `return diags.Err()` without a typed-nil trap.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}
