package esm

import "github.com/bmesjs/bmes/format"

// Expressions are parsed without building them. What the parser keeps of
// an expression is an expr: enough to decide whether it may be an
// assignment target, whether an object or array literal may become a
// destructuring pattern, and whether a parenthesised list may become
// arrow parameters. Names a pattern would bind are pushed on p.cover as
// the literal is parsed and dropped again when the element turns out not
// to be a pattern, so that `(a, [b], {c = 1}) =>` finds a, b and c there.

type exprKind uint8

const (
	eOther     exprKind = iota
	eIdent              // IdentifierReference, not parenthesised
	eMember             // a.b, a[b], super.x: a simple assignment target
	eParen              // a parenthesised identifier or member expression
	eObjArr             // object or array literal, not parenthesised
	eAssignPat          // target = value, valid as a pattern element with a default
	eCall               // call expression
	eOptChain           // optional chain
	eArrow              // arrow function
	eUnary              // unary operator expression (not allowed before **)
	eLogical            // a || b, a && b
	eCoalesce           // a ?? b
	eString             // string literal or template without substitutions, maybe parenthesised
)

// expr describes a parsed expression. The precedence levels fill one in
// place (see parseExprInto), and it is kept small, as every level zeroes
// it: offsets are int32 (Parse rejects larger sources), and those in
// assignErr, bindErr and coverInit are stored plus one so that the zero
// value means "none".
type expr struct {
	kind      exprKind
	private   bool   // eMember, eParen: ends in .#name
	start     int32  // offset of the expression
	end       int32  // eString: end of the literal
	assignErr int32  // where it stops being a valid assignment pattern
	bindErr   int32  // where it stops being a valid binding pattern
	coverInit int32  // a `{a = 1}` initializer or duplicate __proto__ that only a pattern may hold
	name      string // eIdent, eParen of an identifier; eString: the literal as written, quotes included
}

// stringLit returns an eString's literal as written and its offset.
func (e *expr) stringLit() (raw string, at int) {
	return e.name, int(e.end) - len(e.name)
}

func (p *parser) failCoverInit(at int) {
	pos := at - 1
	if p.src[pos] == '=' {
		p.failAt(pos, "invalid shorthand property initializer")
	}
	p.failAt(pos, "duplicate __proto__ fields are not allowed in object literals")
}

// noCover fails if an expression holding the cover initializer at
// coverInit (an expr's field) is being used as a value.
func (p *parser) noCover(coverInit int32) {
	if coverInit != 0 {
		p.failCoverInit(int(coverInit))
	}
}

// parseExpr parses an Expression and returns its expr, for the callers
// that look at it; parseExpressionUnused is for those that do not.
func (p *parser) parseExpr(noIn, cover bool) expr {
	e := p.exprs.push()
	p.parseExprInto(e, noIn, cover)
	v := *e
	p.exprs.pop()
	return v
}

// parseExpressionUnused parses an Expression whose expr the caller does not
// use.
func (p *parser) parseExpressionUnused(noIn bool) {
	e := p.exprs.push()
	p.parseExprInto(e, noIn, false)
	p.exprs.pop()
}

// parseAssign parses an AssignmentExpression and returns its expr, for the
// callers that keep it (the elements of literals and of cover lists);
// parseAssignUnused is for those that do not.
func (p *parser) parseAssign(noIn, cover bool) expr {
	e := p.exprs.push()
	p.parseAssignInto(e, noIn, cover)
	v := *e
	p.exprs.pop()
	return v
}

// parseAssignUnused parses an AssignmentExpression whose expr the caller
// does not use.
func (p *parser) parseAssignUnused(noIn bool) {
	e := p.exprs.push()
	p.parseAssignInto(e, noIn, false)
	p.exprs.pop()
}

// exprStack hands out the exprs the precedence levels fill in, last in
// first out, from chunks that never move, so that a pointer stays valid
// while the stack grows. A local expr whose address went down the levels
// would be moved to the heap: the levels are mutually recursive, and
// escape analysis cannot tell that the callee's pointer dies first. (A
// parse that fails panics out of Parse with exprs still pushed; the parser
// is discarded.)
type exprStack struct {
	chunks []*[64]expr
	n      int
}

// push returns a zero expr on top of the stack.
func (s *exprStack) push() *expr {
	i := s.n
	if i>>6 == len(s.chunks) {
		s.chunks = append(s.chunks, new([64]expr))
	}
	s.n++
	e := &s.chunks[i>>6][i&63]
	*e = expr{}
	return e
}

// pop releases the expr push returned last.
func (s *exprStack) pop() { s.n-- }

// The precedence levels, from parseExprInto down to parsePrimary, fill in
// an expr their caller owns instead of returning one. An expr has more
// fields than the compiler keeps in registers (at most four), so returned
// by value it was copied at every level in 16-byte moves that read fields
// just written by narrower stores, which stalls the CPU (store-to-load
// forwarding fails): a fifth of the parser's time. Each level writes its
// result with reset and field stores, and reuses *e as scratch for the
// operands it does not keep.

// reset makes *e the expression of the given kind at start, with nothing
// else set.
func (e *expr) reset(kind exprKind, start int32) {
	*e = expr{}
	e.kind, e.start = kind, start
}

func (p *parser) parseExprInto(e *expr, noIn, cover bool) {
	p.parseAssignInto(e, noIn, cover)
	if p.tok.kind != tComma {
		return
	}
	p.noCover(e.coverInit)
	start := e.start
	for p.tok.kind == tComma {
		p.next()
		p.parseAssignInto(e, noIn, false)
	}
	e.reset(eOther, start)
}

// parseAssignInto parses an AssignmentExpression. With cover set, an
// object or array literal holding `{a = 1}` is left for the caller to turn
// into a pattern; otherwise that is an error here.
func (p *parser) parseAssignInto(e *expr, noIn, cover bool) {
	p.enter()
	defer p.leave()
	if p.tok.kind == tName && p.fn.generator && !p.tok.esc && p.tok.name == "yield" {
		p.parseYield(e, noIn)
		return
	}
	start := p.tok.start
	// parseBinary(e, 0, noIn) written out, so that an operand with no
	// binary operator after it, most of them, costs one call level less.
	if p.tok.kind == tPrivate {
		p.parseBinary(e, 0, noIn) // #x in obj
	} else {
		if isPrefix[p.tok.kind] {
			p.parsePrefixed(e)
		} else {
			p.parseLHS(e, lhsUnary)
		}
		if e.kind == eArrow {
			return
		}
		if p.tok.kind.isBinary() {
			p.parseBinaryOps(e, 0, noIn)
		}
	}
	if p.tok.kind == tQuestion {
		p.parseConditional(e, noIn)
	}
	if !p.tok.kind.isAssign() {
		if !cover {
			p.noCover(e.coverInit)
		}
		return
	}
	op := p.tok.kind
	if op == tEq && e.kind == eObjArr {
		if e.assignErr != 0 {
			p.failAt(int(e.assignErr)-1, "invalid destructuring assignment target")
		}
	} else {
		p.checkSimpleTarget(e)
	}
	if op == tEq && e.kind == eIdent {
		p.cover = append(p.cover, nameRef{e.name, int(e.start)})
	}
	target, bindErr := e.kind, e.bindErr
	mark := len(p.cover)
	p.next()
	p.parseAssignInto(e, noIn, false)
	p.cover = p.cover[:mark]
	if op != tEq {
		e.reset(eOther, int32(start))
		return
	}
	e.reset(eAssignPat, int32(start))
	switch target {
	case eObjArr:
		e.bindErr = bindErr
	case eMember, eParen:
		e.bindErr = int32(start + 1)
	}
}

func (p *parser) parseYield(e *expr, noIn bool) {
	start := p.tok.start
	if p.fn.inParams {
		p.fail("yield is not allowed in generator parameters")
	}
	p.awaitYieldPos = start
	p.next()
	if !p.tok.nl {
		switch p.tok.kind {
		case tRParen, tRBracket, tRBrace, tComma, tSemicolon, tColon, tEOF, tIn:
		case tStar:
			p.next()
			fallthrough
		default:
			p.parseAssignInto(e, noIn, false)
		}
	}
	e.reset(eOther, int32(start))
}

// parseConditional parses the rest of a ConditionalExpression, from the
// '?' after the condition in *e. (parseAssignInto parses the condition
// itself, one call level less for every operand of every expression.)
func (p *parser) parseConditional(e *expr, noIn bool) {
	p.noCover(e.coverInit)
	start := e.start
	p.next()
	p.parseAssignInto(e, false, false)
	p.expect(tColon, "':'")
	p.parseAssignInto(e, noIn, false)
	e.reset(eOther, start)
}

// parseBinary parses the binary operators binding tighter than minPrec,
// left in *left.
func (p *parser) parseBinary(left *expr, minPrec uint8, noIn bool) {
	if p.tok.kind == tPrivate {
		start := p.tok.start
		p.usePrivate(p.tok.name, start)
		p.next()
		if p.tok.kind != tIn || noIn || minPrec >= tIn.prec() {
			p.failAt(start, "unexpected private name")
		}
		left.reset(eOther, int32(start))
	} else {
		// parseUnary, inlined by hand (two calls are over the compiler's
		// budget): one call level less for every operand.
		if isPrefix[p.tok.kind] {
			p.parsePrefixed(left)
		} else {
			p.parseLHS(left, lhsUnary)
		}
		if left.kind == eArrow {
			return
		}
	}
	p.parseBinaryOps(left, minPrec, noIn)
}

// parseBinaryOps parses the binary operators binding tighter than minPrec
// after the left operand in *left.
func (p *parser) parseBinaryOps(left *expr, minPrec uint8, noIn bool) {
	for {
		op := p.tok.kind
		if !op.isBinary() {
			return
		}
		prec := op.prec()
		if prec <= minPrec || op == tIn && noIn {
			return
		}
		if op == tStarStar && left.kind == eUnary {
			p.failAt(int(left.start), "unary operator used immediately before '**' must be parenthesized")
		}
		p.noCover(left.coverInit)
		p.next()
		rightMin := prec
		if op == tStarStar {
			rightMin = prec - 1
		}
		// The right operand is parsed into *left, once what is needed
		// of the left one is kept.
		leftKind, start := left.kind, left.start
		right := left
		p.parseBinary(right, rightMin, noIn)
		if right.kind == eArrow {
			p.failAt(int(right.start), "arrow function is not allowed as an operand")
		}
		p.noCover(right.coverInit)
		kind := eOther
		switch {
		case op == tQuestionQuestion:
			if leftKind == eLogical || right.kind == eLogical {
				p.failAt(int(start), "cannot mix ?? with || or && without parentheses")
			}
			kind = eCoalesce
		case op.isLogical():
			if leftKind == eCoalesce || right.kind == eCoalesce {
				p.failAt(int(start), "cannot mix ?? with || or && without parentheses")
			}
			kind = eLogical
		}
		left.reset(kind, start)
	}
}

// parseUnary parses a UnaryExpression (an UpdateExpression included).
// parseLHS holds the common path, await and postfix operators included, and
// parsePrefixed the operators, so that an operand without a prefix
// operator, nearly all of them, costs one call level less on its way to
// parsePrimary (parseBinary does what parseUnary does itself).
func (p *parser) parseUnary(e *expr) {
	if isPrefix[p.tok.kind] {
		p.parsePrefixed(e)
		return
	}
	p.parseLHS(e, lhsUnary)
}

// isPrefix holds the tokens that start a UnaryExpression or a prefix
// UpdateExpression, but await (a name, which parseLHS tells).
var isPrefix = [256]bool{
	tDelete: true, tVoid: true, tTypeof: true, tPlus: true, tMinus: true, tTilde: true, tBang: true,
	tPlusPlus: true, tMinusMinus: true,
}

// parsePrefixed parses a UnaryExpression that starts with an operator or
// await.
func (p *parser) parsePrefixed(e *expr) {
	start := int32(p.tok.start)
	p.enter()
	defer p.leave()
	switch p.tok.kind {
	case tPlusPlus, tMinusMinus:
		p.next()
		p.parseUnary(e)
		p.checkSimpleTarget(e)
		e.reset(eOther, start)
		return
	case tName: // await
		p.awaitAllowed()
		p.awaitYieldPos = int(start)
		p.next()
		p.parseUnary(e)
		if e.kind == eArrow {
			p.failAt(int(e.start), "arrow function is not allowed as an operand")
		}
		p.noCover(e.coverInit)
		e.reset(eUnary, start)
		return
	}
	op := p.tok.kind
	p.next()
	p.parseUnary(e)
	if e.kind == eArrow {
		p.failAt(int(e.start), "arrow function is not allowed as an operand")
	}
	p.noCover(e.coverInit)
	if op == tDelete {
		if e.kind == eIdent || e.kind == eParen && e.name != "" {
			p.failAt(int(e.start), "delete of an unqualified identifier in strict mode")
		}
		if (e.kind == eMember || e.kind == eParen || e.kind == eOptChain) && e.private {
			p.failAt(int(e.start), "private fields cannot be deleted")
		}
	}
	e.reset(eUnary, start)
}

// checkSimpleTarget checks that e may be assigned to or updated.
func (p *parser) checkSimpleTarget(e *expr) {
	switch e.kind {
	case eIdent, eParen:
		if e.name == "eval" || e.name == "arguments" {
			p.failAt(int(e.start), "cannot assign to '"+e.name+"' in strict mode")
		}
		return
	case eMember:
		return
	}
	p.failAt(int(e.start), "invalid assignment target")
}

// toAssignTarget checks the target of a for-in/of head.
func (p *parser) toAssignTarget(e expr) {
	if e.kind == eObjArr {
		if e.assignErr != 0 {
			p.failAt(int(e.assignErr)-1, "invalid destructuring assignment target")
		}
		return
	}
	p.checkSimpleTarget(&e)
}

// lhsMode is what parseLHS parses.
type lhsMode uint8

const (
	lhsUnary     lhsMode = iota // a UnaryExpression's operand: also await and a postfix ++ or --
	lhsPlain                    // a LeftHandSideExpression (a class heritage)
	lhsNewCallee                // the callee of new: member accesses but no arguments
)

// parseLHS parses a LeftHandSideExpression, as mode says. An identifier,
// the most frequent operand, is parsed here rather than in parsePrimary:
// one call level less for every name.
func (p *parser) parseLHS(e *expr, mode lhsMode) {
	start := p.tok.start
	switch p.tok.kind {
	case tName:
		name := p.tok.name
		if !p.tok.esc {
			if name == "async" {
				*e = p.parseAsync()
				break
			}
			if mode == lhsUnary && p.tok.reserved && name == "await" {
				p.parsePrefixed(e)
				return
			}
		}
		reserved := p.tok.reserved
		p.checkIdentRef(name, start, reserved)
		p.next()
		if p.tok.kind == tArrow && !p.tok.nl {
			p.checkBinding(name, start, reserved)
			*e = p.parseArrowBody([]nameRef{{name, start}}, false, true, start)
			break
		}
		e.reset(eIdent, int32(start))
		e.name = name
	case tNew:
		*e = p.parseNew()
	case tSuper:
		*e = p.parseSuper()
		if mode == lhsNewCallee && e.kind == eCall {
			p.failAt(int(e.start), "super() cannot be used with new")
		}
	case tImport:
		if mode == lhsNewCallee && p.peek().kind == tLParen {
			p.fail("import() cannot be used with new")
		}
		*e = p.parseImport()
	default:
		p.parsePrimary(e)
	}
	if e.kind == eArrow {
		if mode == lhsNewCallee {
			p.failAt(int(e.start), "arrow function cannot be used with new")
		}
		return
	}
	switch p.tok.kind {
	case tDot, tLBracket, tTemplate, tLParen, tQuestionDot:
		p.parseSubscripts(e, mode == lhsNewCallee)
	}
	if mode == lhsUnary && (p.tok.kind == tPlusPlus || p.tok.kind == tMinusMinus) && !p.tok.nl {
		p.checkSimpleTarget(e)
		p.next()
		e.reset(eOther, int32(start))
	}
}

// parseSubscripts parses member accesses, calls, tagged templates and
// optional chains after e. With noCalls (the callee of new) it stops at
// the first argument list.
func (p *parser) parseSubscripts(e *expr, noCalls bool) {
	chain := false
	for {
		switch p.tok.kind {
		case tDot:
			p.noCover(e.coverInit)
			p.next()
			e.private = false
			if p.tok.kind == tPrivate {
				p.usePrivate(p.tok.name, p.tok.start)
				e.private = true
			} else if !p.tok.kind.isNameish() {
				p.fail("expected property name after '.'")
			}
			p.next()
			e.kind = eMember
		case tLBracket:
			p.noCover(e.coverInit)
			p.next()
			p.parseExpressionUnused(false)
			p.expect(tRBracket, "']'")
			e.kind = eMember
			e.private = false
		case tTemplate:
			if chain {
				p.fail("tagged template cannot be used in an optional chain")
			}
			p.noCover(e.coverInit)
			p.parseTemplate(true)
			e.kind = eCall
			e.private = false
		case tLParen:
			if noCalls {
				return
			}
			p.noCover(e.coverInit)
			p.parseArguments()
			e.kind = eCall
			e.private = false
		case tQuestionDot:
			if noCalls {
				p.fail("optional chain is not allowed in a new expression")
			}
			p.noCover(e.coverInit)
			p.next()
			chain = true
			e.private = false
			switch p.tok.kind {
			case tLParen:
				p.parseArguments()
			case tLBracket:
				p.next()
				p.parseExpressionUnused(false)
				p.expect(tRBracket, "']'")
			case tPrivate:
				p.usePrivate(p.tok.name, p.tok.start)
				e.private = true
				p.next()
			case tTemplate:
				p.fail("tagged template cannot be used in an optional chain")
			default:
				if !p.tok.kind.isNameish() {
					p.unexpected()
				}
				p.next()
			}
		default:
			if chain {
				e.kind = eOptChain
			}
			return
		}
		if chain {
			e.kind = eOptChain
		}
		e.name = ""
	}
}

func (p *parser) parseArguments() {
	p.next()
	// One scratch expr for all the arguments, zeroed for each, rather than
	// parseAssignUnused's push and pop: a call level less per argument.
	e := p.exprs.push()
	for p.tok.kind != tRParen {
		if p.tok.kind == tEllipsis {
			p.next()
		}
		*e = expr{}
		p.parseAssignInto(e, false, false)
		if p.tok.kind != tComma {
			break
		}
		p.next()
	}
	p.exprs.pop()
	p.expect(tRParen, "')'")
}

func (p *parser) parseNew() expr {
	p.enter()
	defer p.leave()
	start := p.tok.start
	p.next()
	if p.tok.kind == tDot {
		p.next()
		if !p.isName("target") {
			p.fail("expected 'target' after 'new.'")
		}
		if !p.fn.newTarget {
			p.failAt(start, "new.target is only valid inside functions")
		}
		p.next()
		return expr{kind: eOther, start: int32(start)}
	}
	callee := p.exprs.push()
	p.parseLHS(callee, lhsNewCallee)
	p.exprs.pop()
	if p.tok.kind == tLParen {
		p.parseArguments()
	}
	return expr{kind: eOther, start: int32(start)}
}

func (p *parser) parseSuper() expr {
	start := p.tok.start
	p.next()
	switch p.tok.kind {
	case tLParen:
		if !p.fn.superCall {
			p.failAt(start, "super() is only valid in constructors of derived classes")
		}
		p.parseArguments()
		return expr{kind: eCall, start: int32(start)}
	case tDot, tLBracket:
		if !p.fn.superProp {
			p.failAt(start, "'super' keyword unexpected here")
		}
		if p.tok.kind == tDot && p.peek().kind == tPrivate {
			p.failAt(start, "unexpected private name after super")
		}
		return expr{kind: eOther, start: int32(start)}
	}
	p.failAt(start, "'super' keyword unexpected here")
	return expr{}
}

// parseImport parses import(…) and import.meta.
func (p *parser) parseImport() expr {
	start := p.tok.start
	p.next()
	if p.tok.kind == tDot {
		p.next()
		if p.tok.kind == tName && !p.tok.esc {
			switch p.tok.name {
			case "meta":
				p.rec.UsesImportMeta = true
				p.next()
				return expr{kind: eOther, start: int32(start)}
			case "defer":
				p.fail("deferred imports (import.defer) are not supported")
			case "source":
				p.fail("source phase imports (import.source) are not supported")
			}
		}
		p.fail("expected 'meta' after 'import.'")
	}
	if p.tok.kind != tLParen {
		p.failAt(start, "unexpected 'import'")
	}
	p.next()
	if p.tok.kind == tRParen {
		p.fail("import() requires a specifier")
	}
	idx := len(p.rec.DynamicImports)
	p.rec.DynamicImports = append(p.rec.DynamicImports, format.DynamicImport{})
	arg := p.parseAssign(false, false)
	if arg.kind == eString {
		d := &p.rec.DynamicImports[idx]
		d.Known = true
		if raw, at := arg.stringLit(); raw[0] == '`' {
			d.Specifier = p.cookTemplate(raw[1 : len(raw)-1])
		} else {
			d.Specifier = p.cookString(at, int(arg.end))
		}
	}
	if p.tok.kind == tComma {
		p.next()
		if p.tok.kind != tRParen {
			p.parseAssignUnused(false)
			if p.tok.kind == tComma {
				p.next()
			}
		}
	}
	p.expect(tRParen, "')'")
	return expr{kind: eCall, start: int32(start)}
}

// checkIdentRef checks a name used as an IdentifierReference; reserved
// is isReservedInModule(name), which the lexer found for the token.
func (p *parser) checkIdentRef(name string, pos int, reserved bool) {
	if reserved {
		p.failReserved(name, pos)
	}
	if name == "arguments" && p.fn.noArguments {
		p.failAt(pos, "'arguments' is not allowed in class field initializers or static blocks")
	}
}

// checkBindingName checks a name being declared.
func (p *parser) checkBindingName(name string, pos int) {
	p.checkBinding(name, pos, isReservedInModule(name))
}

// checkBinding is checkBindingName for a name whose isReservedInModule is
// known (reserved), as the lexer finds it for a token.
func (p *parser) checkBinding(name string, pos int, reserved bool) {
	if reserved {
		p.failReserved(name, pos)
	}
	if name == "eval" || name == "arguments" {
		p.failAt(pos, "'"+name+"' cannot be declared in strict mode")
	}
}

// failReserved fails at a reserved word used as an identifier.
func (p *parser) failReserved(name string, pos int) {
	if name == "await" {
		p.failAt(pos, "'await' cannot be used as an identifier in a module")
	}
	p.failAt(pos, "unexpected reserved word '"+name+"'")
}

// bindingIdentifier reads a BindingIdentifier.
func (p *parser) bindingIdentifier() nameRef {
	if p.tok.kind != tName {
		if p.tok.kind.isKeyword() {
			p.fail("unexpected reserved word '" + p.tok.name + "'")
		}
		p.fail("expected an identifier")
	}
	n := nameRef{p.tok.name, p.tok.start}
	p.checkBinding(n.name, n.pos, p.tok.reserved)
	p.next()
	return n
}

// parsePrimary parses a PrimaryExpression but an identifier (parseLHS
// parses those, async arrows and functions included).
func (p *parser) parsePrimary(e *expr) {
	start := p.tok.start
	switch p.tok.kind {
	case tThis, tNull, tTrue, tFalse, tNumber:
		p.next()
		e.reset(eOther, int32(start))
		return
	case tString:
		e.reset(eString, int32(start))
		e.end, e.name = int32(p.tok.end), p.src[start:p.tok.end]
		p.next()
		return
	case tTemplate:
		*e = p.parseTemplate(false)
		return
	case tSlash, tSlashEq:
		p.rescanRegExp()
		p.next()
		e.reset(eOther, int32(start))
		return
	case tLBracket:
		*e = p.parseArrayLiteral()
		return
	case tLBrace:
		*e = p.parseObjectLiteral()
		return
	case tLParen:
		*e = p.parseParen()
		return
	case tFunction:
		p.parseFunctionExpression(false)
		e.reset(eOther, int32(start))
		return
	case tClass:
		p.parseClass(false, true)
		e.reset(eOther, int32(start))
		return
	case tAt:
		p.fail("decorators are not supported")
	case tPrivate:
		p.fail("unexpected private name")
	}
	p.unexpected()
}

// parseAsync parses what starts with `async`: an async function
// expression, an async arrow, a call of a function named async, or the
// identifier.
func (p *parser) parseAsync() expr {
	start := p.tok.start
	p.next()
	switch {
	case p.tok.kind == tFunction && !p.tok.nl:
		p.parseFunctionExpression(true)
		return expr{kind: eOther, start: int32(start)}
	case p.tok.kind == tName && !p.tok.nl && p.peek().kind == tArrow:
		n := p.bindingIdentifier()
		if p.tok.kind != tArrow || p.tok.nl {
			p.fail("expected '=>'")
		}
		return p.parseArrowBody([]nameRef{n}, true, true, start)
	case p.tok.kind == tLParen && !p.tok.nl:
		r, params, ayPos := p.parseCoverList(true)
		if p.tok.kind == tArrow && !p.tok.nl {
			return p.arrowFromCover(r, params, ayPos, true, start)
		}
		p.noCover(r.expr.coverInit)
		return expr{kind: eCall, start: int32(start)}
	case p.tok.kind == tArrow && !p.tok.nl:
		return p.parseArrowBody([]nameRef{{"async", start}}, false, true, start)
	}
	return expr{kind: eIdent, start: int32(start), name: "async"}
}

// coverList is what parseCoverList learns about a parenthesised list.
type coverList struct {
	expr          // assignErr, bindErr, coverInit of the elements
	count         int
	trailingComma int // offset+1 of a trailing comma
	rest          int // offset+1 of a rest element
	simple        bool
	single        expr // the element, when there is one
}

// parseCoverList parses `( … )` that may be arrow parameters, a
// parenthesised expression, or (isCall) the arguments of async(…). It
// returns the list, the names it would bind, and the offset of an await or
// yield expression in it (or -1).
func (p *parser) parseCoverList(isCall bool) (coverList, []nameRef, int) {
	oldAY := p.awaitYieldPos
	p.awaitYieldPos = -1
	mark := len(p.cover)
	p.next()
	r := coverList{simple: true}
	for p.tok.kind != tRParen {
		elemStart := p.tok.start
		elemMark := len(p.cover)
		if p.tok.kind == tEllipsis {
			p.next()
			if r.rest == 0 {
				r.rest = elemStart + 1
			}
			r.simple = false
			e := p.parseAssign(false, true)
			switch e.kind {
			case eIdent:
				p.cover = append(p.cover, nameRef{e.name, int(e.start)})
			case eObjArr:
				r.absorb(&e)
			default:
				r.setBindErr(int(e.start))
				p.cover = p.cover[:elemMark]
			}
			if p.tok.kind == tComma {
				r.setBindErr(p.tok.start)
			}
		} else {
			e := p.parseAssign(false, true)
			if e.kind != eIdent {
				r.simple = false
			}
			p.coverElement(&r.expr, &e, elemMark)
			if r.count == 0 {
				r.single = e
			}
		}
		r.count++
		if p.tok.kind != tComma {
			break
		}
		p.next()
		if p.tok.kind == tRParen {
			r.trailingComma = p.tok.start + 1
		}
	}
	p.expect(tRParen, "')'")
	params := p.cover[mark:]
	p.cover = p.cover[:mark]
	ay := p.awaitYieldPos
	if ay < 0 {
		p.awaitYieldPos = oldAY
	}
	return r, params, ay
}

func (r *expr) setBindErr(pos int) {
	if r.bindErr == 0 {
		r.bindErr = int32(pos + 1)
	}
}

func (r *expr) setBothErr(pos int) {
	if r.assignErr == 0 {
		r.assignErr = int32(pos + 1)
	}
	if r.bindErr == 0 {
		r.bindErr = int32(pos + 1)
	}
}

// absorb takes the pattern facts of a nested object or array literal.
func (r *expr) absorb(e *expr) {
	if r.assignErr == 0 {
		r.assignErr = e.assignErr
	}
	if r.bindErr == 0 {
		r.bindErr = e.bindErr
	}
	if r.coverInit == 0 {
		r.coverInit = e.coverInit
	}
}

// coverElement records what element e (an array element, a property value
// or a parenthesised list element) means for the enclosing pattern.
func (p *parser) coverElement(r *expr, e *expr, elemMark int) {
	switch e.kind {
	case eIdent:
		if e.name == "eval" || e.name == "arguments" {
			r.setBothErr(int(e.start))
		}
		p.cover = append(p.cover, nameRef{e.name, int(e.start)})
	case eObjArr:
		r.absorb(e)
	case eAssignPat:
		if r.bindErr == 0 {
			r.bindErr = e.bindErr
		}
	case eMember, eParen:
		if e.kind == eParen && (e.name == "eval" || e.name == "arguments") {
			r.setBothErr(int(e.start))
		}
		r.setBindErr(int(e.start))
		p.cover = p.cover[:elemMark]
	default:
		r.setBothErr(int(e.start))
		p.cover = p.cover[:elemMark]
	}
}

// parseParen parses a parenthesised expression or arrow function.
func (p *parser) parseParen() expr {
	start := p.tok.start
	r, params, ay := p.parseCoverList(false)
	if p.tok.kind == tArrow && !p.tok.nl {
		return p.arrowFromCover(r, params, ay, false, start)
	}
	switch {
	case r.count == 0:
		p.failAt(p.prevEnd-1, "unexpected token ')'")
	case r.rest != 0:
		p.failAt(r.rest-1, "unexpected '...'")
	case r.trailingComma != 0:
		p.failAt(r.trailingComma-1, "unexpected token ')'")
	}
	p.noCover(r.expr.coverInit)
	if r.count > 1 {
		return expr{kind: eOther, start: int32(start)}
	}
	e := r.single
	switch e.kind {
	case eIdent, eParen:
		return expr{kind: eParen, start: int32(start), name: e.name, private: e.private}
	case eMember:
		return expr{kind: eParen, start: int32(start), private: e.private}
	case eString:
		e.start = int32(start)
		return e
	}
	return expr{kind: eOther, start: int32(start)}
}

// arrowFromCover turns a parsed cover list into arrow parameters and
// parses the arrow's body.
func (p *parser) arrowFromCover(r coverList, params []nameRef, ay int, async bool, start int) expr {
	if r.bindErr != 0 {
		p.failAt(int(r.bindErr)-1, "invalid arrow function parameter")
	}
	if ay >= 0 {
		p.failAt(ay, "await and yield expressions are not allowed in arrow parameters")
	}
	for _, n := range params {
		p.checkBindingName(n.name, n.pos)
	}
	// params aliases p.cover beyond its length, which parsing the body
	// would overwrite.
	own := append([]nameRef(nil), params...)
	return p.parseArrowBody(own, async, r.simple, start)
}

// parseArrowBody parses `=> body` (the current token is =>).
func (p *parser) parseArrowBody(params []nameRef, async, simple bool, start int) expr {
	p.next()
	outer := p.fn
	fn := p.newFunc(fnArrow)
	fn.async = async
	fn.superCall, fn.superProp, fn.newTarget, fn.noArguments = outer.superCall, outer.superProp, outer.newTarget, outer.noArguments
	oldAY := p.awaitYieldPos
	p.awaitYieldPos = -1
	p.pushScope(scopeFunction)
	p.declareParams(params)
	if p.tok.kind == tLBrace {
		p.parseFunctionBody(simple)
	} else {
		p.parseAssignUnused(false)
	}
	p.popScope()
	p.endFunc(outer)
	p.awaitYieldPos = oldAY
	return expr{kind: eArrow, start: int32(start)}
}

func (p *parser) parseArrayLiteral() expr {
	start := p.tok.start
	p.next()
	r := expr{kind: eObjArr, start: int32(start)}
	for p.tok.kind != tRBracket {
		if p.tok.kind == tComma {
			p.next()
			continue
		}
		elemStart := p.tok.start
		elemMark := len(p.cover)
		if p.tok.kind == tEllipsis {
			p.next()
			e := p.parseAssign(false, true)
			switch e.kind {
			case eIdent:
				p.coverElement(&r, &e, elemMark)
			case eObjArr:
				r.absorb(&e)
			case eMember, eParen:
				p.coverElement(&r, &e, elemMark)
			default:
				r.setBothErr(int(e.start))
				p.cover = p.cover[:elemMark]
			}
			if p.tok.kind == tComma {
				r.setBothErr(elemStart)
			}
		} else {
			e := p.parseAssign(false, true)
			p.coverElement(&r, &e, elemMark)
		}
		if p.tok.kind != tRBracket {
			p.expect(tComma, "',' or ']'")
		}
	}
	p.next()
	return r
}

func (p *parser) parseObjectLiteral() expr {
	start := p.tok.start
	p.next()
	r := expr{kind: eObjArr, start: int32(start)}
	protoSeen := false
	for p.tok.kind != tRBrace {
		elemStart := p.tok.start
		elemMark := len(p.cover)
		if p.tok.kind == tEllipsis {
			p.next()
			e := p.parseAssign(false, false)
			switch e.kind {
			case eIdent, eMember, eParen:
				p.coverElement(&r, &e, elemMark)
			default:
				r.setBothErr(int(e.start))
				p.cover = p.cover[:elemMark]
			}
			if p.tok.kind == tComma {
				r.setBothErr(elemStart)
			}
		} else {
			p.parsePropertyDefinition(&r, elemMark, &protoSeen)
		}
		if p.tok.kind != tComma {
			break
		}
		p.next()
	}
	p.expect(tRBrace, "',' or '}'")
	return r
}

// propertyKey describes a parsed property name.
type propertyKey struct {
	start    int
	name     string // static name, cooked
	ident    bool   // written as an identifier (not a reserved word)
	computed bool
	private  bool
	isString bool
}

// parsePropertyKey parses a property name (or, in a class, a private
// name).
func (p *parser) parsePropertyKey(allowPrivate bool) propertyKey {
	k := propertyKey{start: p.tok.start}
	switch p.tok.kind {
	case tString:
		k.name = p.cookString(p.tok.start, p.tok.end)
		k.isString = true
		p.next()
	case tNumber:
		k.name = p.src[p.tok.start:p.tok.end]
		p.next()
	case tLBracket:
		p.next()
		p.parseAssignUnused(false)
		p.expect(tRBracket, "']'")
		k.computed = true
	case tPrivate:
		if !allowPrivate {
			p.fail("unexpected private name")
		}
		k.name = p.tok.name
		k.private = true
		p.next()
	default:
		if !p.tok.kind.isNameish() {
			p.unexpected()
		}
		k.name = p.tok.name
		k.ident = p.tok.kind == tName
		p.next()
	}
	return k
}

// isModifierFollowedByKey reports whether the current get/set/async/static
// token is a modifier: followed by something that can start a property
// name.
func (p *parser) isModifierFollowedByKey() bool {
	t := p.peek()
	switch t.kind {
	case tName, tString, tNumber, tLBracket, tPrivate, tStar:
		return true
	}
	return t.kind.isKeyword()
}

// parseMethodModifiers reads the modifiers that may stand before a method's
// key in an object literal or a class body: async, *, get or set. Each is a
// modifier only when a key follows it (`get() {}` is a method named get),
// and async only without a line break after it.
func (p *parser) parseMethodModifiers() (async, gen, get, set bool) {
	if p.isName("async") && p.isModifierFollowedByKey() && !p.peek().nl {
		async = true
		p.next()
	}
	if p.tok.kind == tStar {
		gen = true
		p.next()
	}
	if !async && !gen && (p.isName("get") || p.isName("set")) && p.isModifierFollowedByKey() && p.peek().kind != tStar {
		get, set = p.tok.name == "get", p.tok.name == "set"
		p.next()
	}
	return async, gen, get, set
}

func (p *parser) parsePropertyDefinition(r *expr, elemMark int, protoSeen *bool) {
	start := p.tok.start
	async, gen, get, set := p.parseMethodModifiers()
	k := p.parsePropertyKey(false)
	if async || gen || get || set || p.tok.kind == tLParen {
		kind := methodPlain
		if get {
			kind = methodGet
		} else if set {
			kind = methodSet
		}
		p.parseFunctionRest(async, gen, kind, true)
		r.setBothErr(start)
		p.cover = p.cover[:elemMark]
		return
	}
	if p.tok.kind == tColon {
		p.next()
		e := p.parseAssign(false, true)
		p.coverElement(r, &e, elemMark)
		if !k.computed && k.name == "__proto__" {
			if *protoSeen && r.coverInit == 0 {
				r.coverInit = int32(k.start + 1)
			}
			*protoSeen = true
		}
		return
	}
	if !k.ident {
		p.failAt(k.start, "unexpected token after property name")
	}
	p.checkIdentRef(k.name, k.start, isReservedInModule(k.name))
	if k.name == "eval" || k.name == "arguments" {
		r.setBothErr(k.start)
	}
	p.cover = append(p.cover, nameRef{k.name, k.start})
	if p.tok.kind == tEq {
		if r.coverInit == 0 {
			r.coverInit = int32(p.tok.start + 1)
		}
		p.next()
		m := len(p.cover)
		p.parseAssignUnused(false)
		p.cover = p.cover[:m]
	}
}

// parseTemplate parses a template literal; untagged templates may not
// hold invalid escapes.
func (p *parser) parseTemplate(tagged bool) expr {
	start := p.tok.start
	if !tagged && p.tok.badEscape >= 0 {
		p.failAt(p.tok.badEscape, p.templateError)
	}
	if p.tok.tail {
		e := expr{kind: eString, start: int32(start), end: int32(p.tok.end), name: p.src[start:p.tok.end]}
		p.next()
		return e
	}
	for {
		p.next()
		p.parseExpressionUnused(false)
		if p.tok.kind != tRBrace {
			p.fail("expected '}' in template literal")
		}
		p.rescanTemplateContinuation()
		if !tagged && p.tok.badEscape >= 0 {
			p.failAt(p.tok.badEscape, p.templateError)
		}
		if p.tok.tail {
			break
		}
	}
	p.next()
	return expr{kind: eOther, start: int32(start)}
}
