package esm

import "github.com/bmesjs/bmes/format"

// parser is a recursive-descent parser for module code that keeps no AST:
// it tracks scopes, function context and the cover-grammar facts it needs,
// and fills in the module record as it goes.
type parser struct {
	src     string
	pos     int // lexer offset: the end of tok
	tok     token
	prevEnd int // end of the previous token

	escapeError   string // message for the last bad escape found by checkEscape
	templateError string // message for the first bad escape of the current template

	scope     *scope
	module    *scope
	scopePool []*scope
	fn        *funcState
	class     *classState

	// cover holds the names bound by the pattern a parenthesised list or
	// an object or array literal would become; see expr.go.
	cover []nameRef
	// awaitYieldPos is the offset of the last await or yield expression,
	// or -1; arrow parameters must contain neither.
	awaitYieldPos int

	rec         format.Record
	exports     []exportEntry
	imports     map[string]int // local name → index into rec.ImportEntries
	exportNames map[string]bool
	localRefs   []nameRef // `export {x}` names that must be declared

	// bound collects names for bindCollect (parameters, catch parameters,
	// for-var heads) until they can be declared.
	bound []nameRef
	// collectBound makes var declarations also append to exportBound
	// (for `export var`).
	collectBound bool
	exportBound  []nameRef

	labelBody  bool // the statement being parsed is the body of a label
	labelChain int  // index of the first label of the current chain

	fnPool []*funcState
	exprs  exprStack // scratch exprs for the precedence levels

	depth int // nesting of statements and expressions, see enter
}

// maxDepth bounds the nesting of statements, expressions and patterns.
// Engines give up far earlier (V8 overflows its stack below 3,000 nested
// parentheses); the bound keeps hostile input from exhausting the Go stack.
const maxDepth = 10000

// enter notes one more level of nesting; leave undoes it.
func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.fail("nesting is too deep")
	}
}

func (p *parser) leave() { p.depth-- }

// exportEntry is an ExportEntry before ParseModule's step 10 splits them.
type exportEntry struct {
	exportName string
	localName  string // "" for re-exports
	request    int    // -1 for local exports
	importName string
	namespace  bool // export * as ns
	star       bool // export *
}

// funcState is the context of the innermost function (or of the module's
// top level, or of a class field initializer or static block).
type funcState struct {
	kind        fnKind
	async       bool
	generator   bool
	inParams    bool // parsing the parameter list
	superCall   bool
	superProp   bool
	newTarget   bool
	noArguments bool // class field initializers and static blocks, arrows in them
	labels      []label
	loops       int // enclosing iteration statements
	breakables  int // enclosing iteration and switch statements
}

type fnKind uint8

const (
	fnModule fnKind = iota
	fnFunction
	fnArrow
	fnFieldInit
	fnStaticBlock
)

type label struct {
	name string
	loop bool
}

// parseError is the panic value that aborts a parse at the first error.
type parseError struct {
	pos int
	msg string
}

func (p *parser) failAt(pos int, msg string) {
	panic(&parseError{pos, msg})
}

func (p *parser) fail(msg string) {
	p.failAt(p.tok.start, msg)
}

func (p *parser) unexpected() {
	switch p.tok.kind {
	case tEOF:
		p.fail("unexpected end of input")
	case tTemplate:
		p.fail("unexpected template string")
	case tString:
		p.fail("unexpected string")
	case tNumber:
		p.fail("unexpected number")
	}
	end := p.tok.end
	if end > p.tok.start+40 {
		end = p.tok.start + 40
	}
	p.fail("unexpected token '" + p.src[p.tok.start:end] + "'")
}

func (p *parser) parseModule() {
	p.pushScope(scopeModule)
	p.module = p.scope
	p.fn = &funcState{kind: fnModule}
	p.next()
	for p.tok.kind != tEOF {
		switch p.tok.kind {
		case tImport:
			if k := p.peek().kind; k != tLParen && k != tDot {
				p.parseImportDeclaration()
				continue
			}
		case tExport:
			p.parseExportDeclaration()
			continue
		}
		p.parseStatementListItem()
	}
	p.finishModule()
}

// peek returns the token after the current one without consuming it.
func (p *parser) peek() token {
	tok, pos, prev := p.tok, p.pos, p.prevEnd
	p.next()
	t := p.tok
	p.tok, p.pos, p.prevEnd = tok, pos, prev
	return t
}

func (p *parser) expect(k tokKind, what string) {
	if p.tok.kind != k {
		if p.tok.kind == tEOF {
			p.fail("expected " + what + " but found end of input")
		}
		p.fail("expected " + what)
	}
	p.next()
}

func (p *parser) isName(s string) bool {
	return p.tok.kind == tName && !p.tok.esc && p.tok.name == s
}

// semicolon consumes a ';' or applies automatic semicolon insertion.
func (p *parser) semicolon() {
	switch p.tok.kind {
	case tSemicolon:
		p.next()
	case tRBrace, tEOF:
	default:
		if !p.tok.nl {
			p.fail("expected ';'")
		}
	}
}
