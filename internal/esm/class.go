package esm

import "github.com/bmesjs/bmes/format"

// classState tracks the private names of one class body: those declared
// and those referenced, which must be declared by this class or an
// enclosing one once the outermost class body ends.
type classState struct {
	outer    *classState
	declared map[string]uint8 // private name → privGet|privSet|privOther|privStatic
	refs     []nameRef
}

const (
	privGet uint8 = 1 << iota
	privSet
	privOther
	privStatic
)

// usePrivate records a reference to a private name.
func (p *parser) usePrivate(name string, pos int) {
	if p.class == nil {
		p.failAt(pos, "private name #"+name+" is not defined")
	}
	p.class.refs = append(p.class.refs, nameRef{name, pos})
}

func (p *parser) declarePrivate(name string, pos int, kind uint8) {
	c := p.class
	if name == "constructor" {
		p.failAt(pos, "classes may not have a private element named '#constructor'")
	}
	old, ok := c.declared[name]
	if ok {
		pair := old&(privGet|privSet) != 0 && kind&(privGet|privSet) != 0 && old&(privGet|privSet)&kind == 0 && old&privStatic == kind&privStatic && old&privOther == 0
		if !pair {
			p.failAt(pos, "private name #"+name+" has already been declared")
		}
	}
	if c.declared == nil {
		c.declared = make(map[string]uint8)
	}
	c.declared[name] = old | kind
}

// parseClass parses a class declaration (isStmt) or expression; the name
// is optional for expressions and `export default class`. It returns the
// name.
func (p *parser) parseClass(isStmt, nameOptional bool) string {
	p.next() // class
	name := ""
	if p.tok.kind == tName {
		n := p.bindingIdentifier()
		name = n.name
		if isStmt {
			p.declareLexical(n.name, n.pos, false)
			if p.scope == p.module {
				p.rec.LexicalNames = append(p.rec.LexicalNames, format.LexicalName{Name: n.name, Kind: format.KindClass})
			}
		}
	} else if isStmt && !nameOptional {
		p.fail("class declaration requires a name")
	}
	derived := false
	if p.tok.kind == tExtends {
		p.next()
		derived = true
		e := p.exprs.push()
		p.parseLHS(e, lhsPlain)
		if e.kind == eArrow {
			p.failAt(int(e.start), "unexpected arrow function")
		}
		p.noCover(e.coverInit)
		p.exprs.pop()
	}
	p.expect(tLBrace, "'{'")
	c := &classState{outer: p.class}
	p.class = c
	hasCtor := false
	for p.tok.kind != tRBrace {
		if p.tok.kind == tSemicolon {
			p.next()
			continue
		}
		if p.tok.kind == tEOF {
			p.fail("expected '}' but found end of input")
		}
		if p.parseClassElement(derived, hasCtor) {
			hasCtor = true
		}
	}
	p.next()
	p.class = c.outer
	for _, r := range c.refs {
		if _, ok := c.declared[r.name]; ok {
			continue
		}
		if c.outer == nil {
			p.failAt(r.pos, "private name #"+r.name+" is not defined")
		}
		c.outer.refs = append(c.outer.refs, r)
	}
	return name
}

// parseClassElement parses one class element and reports whether it was
// the constructor.
func (p *parser) parseClassElement(derived, hasCtor bool) bool {
	if p.tok.kind == tAt {
		p.fail("decorators are not supported")
	}
	static := false
	if p.isName("static") {
		t := p.peek()
		if t.kind == tLBrace {
			p.next()
			p.parseStaticBlock()
			return false
		}
		if t.kind != tLParen && t.kind != tEq && t.kind != tSemicolon && t.kind != tRBrace && t.kind != tEOF {
			static = true
			p.next()
		}
	}
	if p.isName("accessor") {
		if t := p.peek(); !t.nl && (t.kind == tName || t.kind == tString || t.kind == tNumber || t.kind == tLBracket || t.kind == tPrivate || t.kind.isKeyword()) {
			p.fail("accessor fields are not supported")
		}
	}
	async, gen, get, set := p.parseMethodModifiers()
	k := p.parsePropertyKey(true)
	isCtor := !static && !k.computed && !k.private && k.name == "constructor" && (k.ident || k.isString)
	if p.tok.kind == tLParen {
		kind := methodPlain
		switch {
		case get:
			kind = methodGet
		case set:
			kind = methodSet
		}
		if isCtor {
			if get || set || gen || async {
				p.failAt(k.start, "class constructor may not be an accessor, generator or async")
			}
			if hasCtor {
				p.failAt(k.start, "a class may only have one constructor")
			}
			kind = methodConstructor
			if derived {
				kind = methodDerivedConstructor
			}
		}
		if static && !k.computed && !k.private && k.name == "prototype" {
			p.failAt(k.start, "classes may not have a static property named 'prototype'")
		}
		if k.private {
			pk := privOther
			if get {
				pk = privGet
			} else if set {
				pk = privSet
			}
			if static {
				pk |= privStatic
			}
			p.declarePrivate(k.name, k.start, pk)
		}
		p.parseFunctionRest(async, gen, kind, true)
		return isCtor
	}
	if async || gen || get || set {
		p.unexpected()
	}
	// A field.
	if !k.computed && !k.private && (k.name == "constructor" || static && k.name == "prototype") {
		p.failAt(k.start, "classes may not have a field named '"+k.name+"'")
	}
	if k.private {
		pk := privOther
		if static {
			pk |= privStatic
		}
		p.declarePrivate(k.name, k.start, pk)
	}
	if p.tok.kind == tEq {
		p.next()
		outer := p.fn
		fn := p.newFunc(fnFieldInit)
		fn.superProp, fn.newTarget, fn.noArguments = true, true, true
		oldAY := p.awaitYieldPos
		mark := len(p.cover)
		p.parseAssignUnused(false)
		p.cover = p.cover[:mark]
		p.awaitYieldPos = oldAY
		p.endFunc(outer)
	}
	p.semicolon()
	return false
}

func (p *parser) parseStaticBlock() {
	p.next() // {
	outer := p.fn
	fn := p.newFunc(fnStaticBlock)
	fn.superProp, fn.newTarget, fn.noArguments = true, true, true
	p.pushScope(scopeFunction)
	p.parseStatementsUntilBrace()
	p.popScope()
	p.endFunc(outer)
}
