package esm

import "github.com/bmesjs/bmes/format"

// bindMode says what a binding pattern declares.
type bindMode uint8

const (
	bindVar bindMode = iota
	bindLet
	bindConst
	bindUsing
	bindAwaitUsing
	bindCollect // parameters, catch parameters, for-var heads: names go to p.bound
)

var bindKinds = [...]format.LexicalKind{
	bindLet:        format.KindLet,
	bindConst:      format.KindConst,
	bindUsing:      format.KindUsing,
	bindAwaitUsing: format.KindAwaitUsing,
}

// parseStatementListItem parses a statement or a declaration. The names
// its expressions pushed on p.cover, for the patterns their literals and
// assignments might have become, are dropped after it: no pattern spans
// statements, and left there they piled up, one for every `x = …` in the
// file (typescript.js's grew to hundreds of thousands, reallocated and
// scanned by the collector as it grew).
func (p *parser) parseStatementListItem() {
	mark := len(p.cover)
	p.parseStatementOrDeclaration()
	p.cover = p.cover[:mark]
}

func (p *parser) parseStatementOrDeclaration() {
	switch p.tok.kind {
	case tFunction:
		p.parseFunctionDeclaration(false)
		return
	case tClass:
		p.parseClass(true, false)
		return
	case tConst:
		p.next()
		p.parseDeclarations(bindConst, false)
		p.semicolon()
		return
	case tImport:
		if k := p.peek().kind; k != tLParen && k != tDot {
			p.fail("import declarations may only appear at the top level of a module")
		}
	case tExport:
		p.fail("export declarations may only appear at the top level of a module")
	case tAt:
		p.fail("decorators are not supported")
	case tName:
		if p.tok.esc {
			break
		}
		switch p.tok.name {
		case "let":
			p.next()
			p.parseDeclarations(bindLet, false)
			p.semicolon()
			return
		case "async":
			if p.peekAsyncFunction() {
				p.parseFunctionDeclaration(false)
				return
			}
		case "using":
			if p.isUsingDeclaration() {
				p.next()
				p.parseDeclarations(bindUsing, false)
				p.semicolon()
				return
			}
		case "await":
			if p.isAwaitUsingDeclaration() {
				p.awaitAllowed()
				p.next()
				p.next()
				p.parseDeclarations(bindAwaitUsing, false)
				p.semicolon()
				return
			}
		}
	}
	p.parseStatement()
}

// isUsingDeclaration reports whether the current `using` starts a using
// declaration: `using [no LineTerminator here] BindingIdentifier`.
func (p *parser) isUsingDeclaration() bool {
	t := p.peek()
	return t.kind == tName && !t.nl
}

// isAwaitUsingDeclaration reports whether the current `await` starts
// `await using x`, with no line break before `using` or the name.
func (p *parser) isAwaitUsingDeclaration() bool {
	tok, pos, prev := p.tok, p.pos, p.prevEnd
	defer func() { p.tok, p.pos, p.prevEnd = tok, pos, prev }()
	p.next()
	if !p.isName("using") || p.tok.nl {
		return false
	}
	p.next()
	return p.tok.kind == tName && !p.tok.nl
}

// awaitAllowed checks that an await expression (or for await, or await
// using) may appear here and notes top-level await.
func (p *parser) awaitAllowed() {
	switch {
	case p.fn.kind == fnStaticBlock:
		p.fail("await is not allowed in class static blocks")
	case p.fn.kind == fnFieldInit:
		p.fail("await is not allowed in class field initializers")
	case p.fn.inParams:
		p.fail("await is not allowed in async function parameters")
	case p.fn.kind == fnModule:
		p.rec.HasTopLevelAwait = true
	case !p.fn.async:
		p.fail("await is only valid in async functions and the top level of modules")
	}
}

// parseStatement parses a Statement (no declarations).
func (p *parser) parseStatement() {
	p.enter()
	defer p.leave()
	labelBody := p.labelBody
	p.labelBody = false
	start := p.tok.start
	switch p.tok.kind {
	case tLBrace:
		p.parseBlock()
	case tVar:
		p.next()
		p.parseDeclarations(bindVar, false)
		p.semicolon()
	case tSemicolon:
		p.next()
	case tIf:
		p.next()
		p.parseParenExpression()
		p.parseStatement()
		if p.tok.kind == tElse {
			p.next()
			p.parseStatement()
		}
	case tFor:
		p.markLoopLabels(labelBody)
		p.parseFor()
	case tWhile:
		p.markLoopLabels(labelBody)
		p.next()
		p.parseParenExpression()
		p.parseLoopBody()
	case tDo:
		p.markLoopLabels(labelBody)
		p.next()
		p.parseLoopBody()
		p.expect(tWhile, "'while'")
		p.parseParenExpression()
		if p.tok.kind == tSemicolon {
			p.next()
		}
	case tContinue, tBreak:
		isContinue := p.tok.kind == tContinue
		p.next()
		if p.tok.kind == tName && !p.tok.nl {
			name := p.tok.name
			found := false
			for _, l := range p.fn.labels {
				if l.name == name {
					found = true
					if isContinue && !l.loop {
						p.fail("continue target '" + name + "' is not an iteration statement")
					}
				}
			}
			if !found {
				p.fail("undefined label '" + name + "'")
			}
			p.next()
		} else if isContinue && p.fn.loops == 0 {
			p.failAt(start, "continue must be inside a loop")
		} else if !isContinue && p.fn.breakables == 0 {
			p.failAt(start, "break must be inside a loop or switch")
		}
		p.semicolon()
	case tReturn:
		if p.fn.kind != fnFunction && p.fn.kind != fnArrow {
			p.fail("return is only valid inside functions")
		}
		p.next()
		if p.tok.kind != tSemicolon && p.tok.kind != tRBrace && p.tok.kind != tEOF && !p.tok.nl {
			p.parseExpressionUnused(false)
		}
		p.semicolon()
	case tWith:
		p.fail("with statements are not allowed in strict mode")
	case tSwitch:
		p.parseSwitch()
	case tThrow:
		p.next()
		if p.tok.nl {
			p.fail("line break is not allowed after throw")
		}
		p.parseExpressionUnused(false)
		p.semicolon()
	case tTry:
		p.parseTry()
	case tDebugger:
		p.next()
		p.semicolon()
	case tFunction:
		p.fail("function declarations are not allowed in this position in strict mode")
	case tClass:
		p.fail("class declarations are not allowed in this position")
	case tConst:
		p.fail("lexical declarations are not allowed in a single-statement context")
	case tImport:
		if k := p.peek().kind; k != tLParen && k != tDot {
			p.fail("import declarations may only appear at the top level of a module")
		}
		p.parseExpressionStatement()
	case tExport:
		p.fail("export declarations may only appear at the top level of a module")
	case tAt:
		p.fail("decorators are not supported")
	case tName:
		if !p.tok.esc {
			switch p.tok.name {
			case "let":
				if t := p.peek(); t.kind == tLBracket || t.kind == tLBrace || t.kind == tName && !t.nl {
					p.fail("lexical declarations are not allowed in a single-statement context")
				}
			case "async":
				if p.peekAsyncFunction() {
					p.fail("async function declarations are not allowed in this position")
				}
			case "using":
				if p.isUsingDeclaration() {
					p.fail("using declarations are not allowed in a single-statement context")
				}
			case "await":
				if p.isAwaitUsingDeclaration() {
					p.fail("await using declarations are not allowed in a single-statement context")
				}
			}
		}
		e := p.exprs.push()
		p.parseExprInto(e, false, false)
		isLabel, name := e.kind == eIdent && p.tok.kind == tColon && int(e.start) == start, e.name
		p.exprs.pop()
		if isLabel {
			p.next()
			for _, l := range p.fn.labels {
				if l.name == name {
					p.failAt(start, "label '"+name+"' has already been declared")
				}
			}
			if !labelBody {
				p.labelChain = len(p.fn.labels)
			}
			p.fn.labels = append(p.fn.labels, label{name: name})
			p.labelBody = true
			if p.tok.kind == tFunction {
				p.fail("labelled function declarations are not allowed in strict mode")
			}
			p.parseStatement()
			p.fn.labels = p.fn.labels[:len(p.fn.labels)-1]
			return
		}
		p.semicolon()
	default:
		p.parseExpressionStatement()
	}
}

// markLoopLabels marks the labels directly in front of an iteration
// statement as valid continue targets.
func (p *parser) markLoopLabels(labelBody bool) {
	if !labelBody {
		return
	}
	for i := p.labelChain; i < len(p.fn.labels); i++ {
		p.fn.labels[i].loop = true
	}
}

func (p *parser) parseExpressionStatement() {
	p.parseExpressionUnused(false)
	p.semicolon()
}

func (p *parser) parseParenExpression() {
	p.expect(tLParen, "'('")
	p.parseExpressionUnused(false)
	p.expect(tRParen, "')'")
}

func (p *parser) parseLoopBody() {
	p.fn.loops++
	p.fn.breakables++
	p.parseStatement()
	p.fn.loops--
	p.fn.breakables--
}

func (p *parser) parseBlock() {
	p.expect(tLBrace, "'{'")
	p.pushScope(scopeBlock)
	p.parseStatementsUntilBrace()
	p.popScope()
}

// parseStatementsUntilBrace parses statement list items up to and
// including the closing '}'.
func (p *parser) parseStatementsUntilBrace() {
	for p.tok.kind != tRBrace {
		if p.tok.kind == tEOF {
			p.fail("expected '}' but found end of input")
		}
		p.parseStatementListItem()
	}
	p.next()
}

func (p *parser) parseSwitch() {
	p.next()
	p.parseParenExpression()
	p.expect(tLBrace, "'{'")
	p.pushScope(scopeBlock)
	p.fn.breakables++
	seenDefault := false
	for p.tok.kind != tRBrace {
		switch p.tok.kind {
		case tCase:
			p.next()
			p.parseExpressionUnused(false)
		case tDefault:
			if seenDefault {
				p.fail("more than one default clause in switch statement")
			}
			seenDefault = true
			p.next()
		default:
			p.unexpected()
		}
		p.expect(tColon, "':'")
		for p.tok.kind != tCase && p.tok.kind != tDefault && p.tok.kind != tRBrace {
			if p.tok.kind == tEOF {
				p.fail("expected '}' but found end of input")
			}
			if p.isName("using") && p.isUsingDeclaration() {
				p.fail("using declarations are not allowed directly in a case clause")
			}
			if p.isName("await") && p.isAwaitUsingDeclaration() {
				p.fail("await using declarations are not allowed directly in a case clause")
			}
			p.parseStatementListItem()
		}
	}
	p.next()
	p.fn.breakables--
	p.popScope()
}

func (p *parser) parseTry() {
	p.next()
	p.parseBlock()
	handled := false
	if p.tok.kind == tCatch {
		handled = true
		p.next()
		p.pushScope(scopeCatch)
		if p.tok.kind == tLParen {
			p.next()
			mark := len(p.bound)
			simple := p.tok.kind == tName
			p.parseBindingTarget(bindCollect)
			flag := nameCatchPattern
			if simple {
				flag = nameCatchSimple
			}
			for _, n := range p.bound[mark:] {
				if old := p.scope.add(n.name, flag); old != 0 {
					p.failAt(n.pos, "identifier '"+n.name+"' has already been declared")
				}
			}
			p.bound = p.bound[:mark]
			p.expect(tRParen, "')'")
		}
		p.expect(tLBrace, "'{'")
		p.parseStatementsUntilBrace()
		p.popScope()
	}
	if p.tok.kind == tFinally {
		handled = true
		p.next()
		p.parseBlock()
	}
	if !handled {
		p.fail("missing catch or finally after try")
	}
}

// declResult describes a declaration list, for the heads of for loops.
type declResult struct {
	count      int
	hasInit    bool // the last declarator had an initializer
	isPattern  bool // the last declarator was a pattern
	firstStart int
}

// parseDeclarations parses a BindingList after var/let/const/using. In a
// for head (inFor), missing initializers are left for the caller to judge
// and `in` is not an operator.
func (p *parser) parseDeclarations(mode bindMode, inFor bool) declResult {
	var r declResult
	r.firstStart = p.tok.start
	for {
		start := p.tok.start
		r.isPattern = p.tok.kind == tLBracket || p.tok.kind == tLBrace
		if r.isPattern && (mode == bindUsing || mode == bindAwaitUsing) {
			p.fail("using declarations may not contain binding patterns")
		}
		p.parseBindingTarget(mode)
		r.count++
		r.hasInit = false
		if p.tok.kind == tEq {
			p.next()
			p.parseAssignUnused(inFor)
			r.hasInit = true
		} else if !inFor {
			if r.isPattern {
				p.failAt(start, "missing initializer in destructuring declaration")
			}
			if mode == bindConst || mode == bindUsing || mode == bindAwaitUsing {
				p.failAt(start, "missing initializer in declaration")
			}
		}
		if p.tok.kind != tComma {
			return r
		}
		if inFor && r.count == 1 && !r.hasInit && (mode == bindConst || mode == bindUsing || mode == bindAwaitUsing || r.isPattern) {
			p.failAt(start, "missing initializer in declaration")
		}
		p.next()
	}
}

// declare declares one bound name, which the caller has checked
// (bindingIdentifier, checkBindingName).
func (p *parser) declare(name string, pos int, mode bindMode) {
	switch mode {
	case bindVar:
		p.declareVar(name, pos, false)
		if p.collectBound && p.scope == p.module {
			p.exportBound = append(p.exportBound, nameRef{name, pos})
		}
	case bindCollect:
		p.bound = append(p.bound, nameRef{name, pos})
	default:
		if name == "let" {
			p.failAt(pos, "let is not a valid name for a lexical declaration")
		}
		p.declareLexical(name, pos, false)
		if p.scope == p.module {
			p.rec.LexicalNames = append(p.rec.LexicalNames, format.LexicalName{Name: name, Kind: bindKinds[mode]})
		}
	}
}

// parseFor parses for, for-in, for-of and for-await-of statements.
func (p *parser) parseFor() {
	p.next()
	isAwait := false
	if p.isName("await") {
		p.awaitAllowed()
		isAwait = true
		p.next()
	}
	p.expect(tLParen, "'('")
	p.pushScope(scopeBlock)
	defer p.popScope()
	initStart := p.tok.start
	var mode bindMode = 255
	switch {
	case p.tok.kind == tVar:
		mode = bindVar
	case p.tok.kind == tConst:
		mode = bindConst
	case p.isName("let"):
		mode = bindLet
	case p.isName("using"):
		if t := p.peek(); t.kind == tName && !t.nl && (t.name != "of" || t.esc || p.peekUsingOfEq()) {
			mode = bindUsing
		}
	case p.isName("await"):
		if p.isAwaitUsingDeclaration() {
			p.awaitAllowed()
			p.next()
			mode = bindAwaitUsing
		}
	}
	if mode != 255 {
		p.next()
		declMode := mode
		if mode == bindVar {
			declMode = bindCollect
		}
		mark := len(p.bound)
		r := p.parseDeclarations(declMode, true)
		isOf := p.isName("of")
		if isOf || p.tok.kind == tIn {
			if r.count != 1 || r.hasInit {
				p.failAt(initStart, "for-in/of loop variable declaration may not have an initializer")
			}
			if !isOf && (mode == bindUsing || mode == bindAwaitUsing) {
				p.fail("using declarations are not allowed in for-in loops")
			}
		} else {
			if isAwait {
				p.fail("for await requires 'of'")
			}
			if mode == bindUsing || mode == bindAwaitUsing || mode == bindConst || r.isPattern {
				if !r.hasInit {
					p.failAt(initStart, "missing initializer in declaration")
				}
			}
		}
		if mode == bindVar {
			for _, n := range p.bound[mark:] {
				p.declareVar(n.name, n.pos, isOf)
			}
			p.bound = p.bound[:mark]
		}
		if isOf || p.tok.kind == tIn {
			p.next()
			if isOf {
				p.parseAssignUnused(false)
			} else {
				p.parseExpressionUnused(false)
			}
			p.expect(tRParen, "')'")
			p.parseLoopBody()
			return
		}
	} else if p.tok.kind != tSemicolon {
		startsWithLet := p.isName("let")
		startsWithAsync := p.isName("async") && !p.tok.esc
		coverMark := len(p.cover)
		e := p.parseExpr(true, true)
		p.cover = p.cover[:coverMark]
		isOf := p.isName("of")
		if isOf || p.tok.kind == tIn {
			if isOf && startsWithLet {
				p.failAt(initStart, "for-of loop variable may not be 'let'")
			}
			if isOf && !isAwait && startsWithAsync && e.kind == eIdent && e.name == "async" {
				p.failAt(initStart, "for-of loop variable may not be 'async'")
			}
			p.toAssignTarget(e)
			p.next()
			if isOf {
				p.parseAssignUnused(false)
			} else {
				p.parseExpressionUnused(false)
			}
			p.expect(tRParen, "')'")
			p.parseLoopBody()
			return
		}
		if e.coverInit != 0 {
			p.failCoverInit(int(e.coverInit))
		}
		if isAwait {
			p.fail("for await requires 'of'")
		}
	} else if isAwait {
		p.fail("for await requires 'of'")
	}
	p.expect(tSemicolon, "';'")
	if p.tok.kind != tSemicolon {
		p.parseExpressionUnused(false)
	}
	p.expect(tSemicolon, "';'")
	if p.tok.kind != tRParen {
		p.parseExpressionUnused(false)
	}
	p.expect(tRParen, "')'")
	p.parseLoopBody()
}

// peekUsingOfEq reports whether `using of` in a for head is followed by
// '=': `for (using of = x;;)` declares a binding named of, while
// `for (using of x)` iterates into the variable using.
func (p *parser) peekUsingOfEq() bool {
	tok, pos, prev := p.tok, p.pos, p.prevEnd
	defer func() { p.tok, p.pos, p.prevEnd = tok, pos, prev }()
	p.next()
	p.next()
	return p.tok.kind == tEq
}
