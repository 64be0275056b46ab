package esm

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkFiles parses each file listed in BMES_BENCH_FILES (separated as
// filepath.SplitList splits them). bench/parse.sh sets it to large real
// modules installed from npm, so that the figures come from real code and the
// same run can time es-module-lexer on the same bytes.
func BenchmarkFiles(b *testing.B) {
	eachBenchFile(b, func(b *testing.B, path string, src []byte) {
		for b.Loop() {
			if _, err := Parse(path, src); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkFilesLexOnly runs the lexer alone over the same files: how much
// of BenchmarkFiles is tokenising, and how the lexer alone compares with
// es-module-lexer. Without the parser it guesses where a '/' starts a
// regular expression (after a token that cannot end an operand) and which
// '}' resumes a template, which is right on the files parse.sh uses; it
// fails the benchmark if the lexer reports an error.
func BenchmarkFilesLexOnly(b *testing.B) {
	eachBenchFile(b, func(b *testing.B, _ string, src []byte) {
		text := string(src)
		var tokens int
		for b.Loop() {
			tokens = lexAll(b, text)
		}
		b.ReportMetric(float64(tokens), "tokens")
	})
}

// eachBenchFile runs bench as a sub-benchmark named after each file of
// BMES_BENCH_FILES, with the file's bytes, counted by SetBytes.
func eachBenchFile(b *testing.B, bench func(b *testing.B, path string, src []byte)) {
	list := os.Getenv("BMES_BENCH_FILES")
	if list == "" {
		b.Skip("BMES_BENCH_FILES is not set; bench/parse.sh sets it")
	}
	for _, path := range filepath.SplitList(list) {
		src, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(filepath.Base(path), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			bench(b, path, src)
		})
	}
}

// lexAll tokenises src and returns the number of tokens.
func lexAll(b *testing.B, src string) (n int) {
	p := &parser{src: src, awaitYieldPos: -1}
	defer func() {
		if r := recover(); r != nil {
			pe, ok := r.(*parseError)
			if !ok {
				panic(r)
			}
			b.Fatalf("lexing failed at offset %d: %s", pe.pos, pe.msg)
		}
	}()
	var braces []bool // per open '{' or '${': whether it is a template's
	prev := tSemicolon
	for p.next(); p.tok.kind != tEOF; p.next() {
		if (p.tok.kind == tSlash || p.tok.kind == tSlashEq) && !endsOperand(prev) {
			p.rescanRegExp()
		}
		switch p.tok.kind {
		case tLBrace:
			braces = append(braces, false)
		case tTemplate:
			if !p.tok.tail {
				braces = append(braces, true)
			}
		case tRBrace:
			if n := len(braces); n > 0 {
				template := braces[n-1]
				braces = braces[:n-1]
				if template {
					p.rescanTemplateContinuation()
					if !p.tok.tail {
						braces = append(braces, true)
					}
				}
			}
		}
		prev = p.tok.kind
		n++
	}
	return n
}

// endsOperand reports whether a token of kind k can end an operand, so
// that a '/' after it is division.
func endsOperand(k tokKind) bool {
	switch k {
	case tName, tNumber, tString, tTemplate, tRegExp, tRParen, tRBracket, tRBrace, tThis, tSuper, tNull, tTrue, tFalse:
		return true
	}
	return false
}
