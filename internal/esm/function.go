package esm

import "github.com/bmesjs/bmes/format"

type methodKind uint8

const (
	methodPlain methodKind = iota
	methodGet
	methodSet
	methodConstructor        // constructor of a base class
	methodDerivedConstructor // constructor of a class with extends
)

// newFunc enters a new function context; endFunc leaves it. Contexts are
// recycled so that a function costs no allocation.
func (p *parser) newFunc(kind fnKind) *funcState {
	var f *funcState
	if n := len(p.fnPool); n > 0 {
		f = p.fnPool[n-1]
		p.fnPool = p.fnPool[:n-1]
		labels := f.labels[:0]
		*f = funcState{labels: labels}
	} else {
		f = new(funcState)
	}
	f.kind = kind
	p.fn = f
	return f
}

func (p *parser) endFunc(outer *funcState) {
	p.fnPool = append(p.fnPool, p.fn)
	p.fn = outer
}

// parseFunctionDeclaration parses `[async] function [*] name (…) {…}` and
// declares the name; in `export default` the name is optional. It returns
// the name ("" when anonymous).
func (p *parser) parseFunctionDeclaration(isDefault bool) string {
	async := false
	if p.isName("async") {
		async = true
		p.next()
	}
	p.next() // function
	gen := false
	if p.tok.kind == tStar {
		gen = true
		p.next()
	}
	name := ""
	if p.tok.kind != tLParen || !isDefault {
		n := p.bindingIdentifier()
		name = n.name
		switch p.scope.kind {
		case scopeFunction:
			p.declareFunctionVar(n.name, n.pos)
		default:
			p.declareLexical(n.name, n.pos, true)
			if p.scope == p.module {
				p.rec.LexicalNames = append(p.rec.LexicalNames, format.LexicalName{Name: n.name, Kind: format.KindFunction})
			}
		}
	}
	p.parseFunctionRest(async, gen, methodPlain, false)
	return name
}

// parseFunctionExpression parses a function expression; the current token
// is `function`.
func (p *parser) parseFunctionExpression(async bool) {
	p.next()
	gen := false
	if p.tok.kind == tStar {
		gen = true
		p.next()
	}
	if p.tok.kind != tLParen {
		p.bindingIdentifier()
	}
	p.parseFunctionRest(async, gen, methodPlain, false)
}

// parseFunctionRest parses `(params) { body }` in a new function context.
func (p *parser) parseFunctionRest(async, gen bool, kind methodKind, isMethod bool) {
	outer := p.fn
	fn := p.newFunc(fnFunction)
	fn.async, fn.generator = async, gen
	fn.newTarget = true
	fn.superProp = isMethod
	fn.superCall = kind == methodDerivedConstructor
	oldAY := p.awaitYieldPos
	p.awaitYieldPos = -1
	coverMark := len(p.cover)
	p.pushScope(scopeFunction)

	fn.inParams = true
	p.expect(tLParen, "'('")
	mark := len(p.bound)
	simple := true
	count := 0
	for p.tok.kind != tRParen {
		if p.tok.kind == tEllipsis {
			if kind == methodSet {
				p.fail("setter cannot have a rest parameter")
			}
			p.next()
			simple = false
			p.parseBindingTarget(bindCollect)
			count++
			if p.tok.kind != tRParen {
				p.fail("rest parameter must be last")
			}
			break
		}
		if p.tok.kind != tName {
			simple = false
		}
		p.parseBindingTarget(bindCollect)
		if p.tok.kind == tEq {
			simple = false
			p.next()
			p.parseAssignUnused(false)
		}
		count++
		if p.tok.kind != tComma {
			break
		}
		p.next()
	}
	p.expect(tRParen, "')'")
	fn.inParams = false
	switch {
	case kind == methodGet && count != 0:
		p.fail("getter must not have parameters")
	case kind == methodSet && count != 1:
		p.fail("setter must have exactly one parameter")
	}
	p.declareParams(p.bound[mark:])
	p.bound = p.bound[:mark]

	p.parseFunctionBody(simple)
	p.popScope()
	p.endFunc(outer)
	p.awaitYieldPos = oldAY
	p.cover = p.cover[:coverMark]
}

// parseFunctionBody parses `{ directives statements }` in the current
// (function) scope.
func (p *parser) parseFunctionBody(simple bool) {
	p.expect(tLBrace, "'{'")
	for p.tok.kind == tString {
		raw := p.src[p.tok.start+1 : p.tok.end-1]
		start := p.tok.start
		if !p.stringIsDirective() {
			break
		}
		if raw == "use strict" && !simple {
			p.failAt(start, "\"use strict\" is not allowed in a function with non-simple parameters")
		}
		p.parseStatementListItem()
	}
	p.parseStatementsUntilBrace()
}

// stringIsDirective reports whether the current string literal is a whole
// expression statement, and so a directive: the token after it ends the
// statement (or, after a line break, cannot continue the expression).
func (p *parser) stringIsDirective() bool {
	t := p.peek()
	switch t.kind {
	case tSemicolon, tRBrace, tEOF:
		return true
	case tLParen, tLBracket, tDot, tQuestionDot, tTemplate, tQuestion, tComma:
		return false
	}
	return t.nl && !t.kind.isBinary() && !t.kind.isAssign()
}

// parseBindingTarget parses a BindingIdentifier or BindingPattern and
// declares what it binds.
func (p *parser) parseBindingTarget(mode bindMode) {
	p.enter()
	defer p.leave()
	switch p.tok.kind {
	case tName:
		n := p.bindingIdentifier()
		p.declare(n.name, n.pos, mode)
	case tLBracket:
		p.next()
		for p.tok.kind != tRBracket {
			if p.tok.kind == tComma {
				p.next()
				continue
			}
			if p.tok.kind == tEllipsis {
				p.next()
				p.parseBindingTarget(mode)
				if p.tok.kind != tRBracket {
					p.fail("rest element must be last")
				}
				break
			}
			p.parseBindingElement(mode)
			if p.tok.kind != tRBracket {
				p.expect(tComma, "',' or ']'")
			}
		}
		p.next()
	case tLBrace:
		p.next()
		for p.tok.kind != tRBrace {
			if p.tok.kind == tEllipsis {
				p.next()
				n := p.bindingIdentifier()
				p.declare(n.name, n.pos, mode)
				if p.tok.kind != tRBrace {
					p.fail("rest element must be last")
				}
				break
			}
			k := p.parsePropertyKey(false)
			if p.tok.kind == tColon {
				p.next()
				p.parseBindingElement(mode)
			} else {
				if !k.ident {
					p.failAt(k.start, "expected ':' after property name in pattern")
				}
				p.checkBindingName(k.name, k.start)
				p.declare(k.name, k.start, mode)
				if p.tok.kind == tEq {
					p.next()
					p.parseAssignUnused(false)
				}
			}
			if p.tok.kind != tRBrace {
				p.expect(tComma, "',' or '}'")
			}
		}
		p.next()
	default:
		if p.tok.kind.isKeyword() {
			p.fail("unexpected reserved word '" + p.tok.name + "'")
		}
		p.unexpected()
	}
}

func (p *parser) parseBindingElement(mode bindMode) {
	p.parseBindingTarget(mode)
	if p.tok.kind == tEq {
		p.next()
		p.parseAssignUnused(false)
	}
}
