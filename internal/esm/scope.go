package esm

// Scopes exist only to find the early errors of declarations: a lexical
// name declared twice in one scope, or declared in a scope that a var of the
// same name is hoisted through. Every scope keeps the names declared in it
// and the var names hoisted through it, in a slice (most scopes are tiny)
// that grows an index once it gets long.

type scopeKind uint8

const (
	scopeModule   scopeKind = iota
	scopeFunction           // function body, with its parameters; also class static blocks
	scopeBlock
	scopeCatch // catch parameter and catch block together
)

// Flags of a name in one scope.
const (
	nameLex          uint8 = 1 << iota // let, const, class, import, lexical function
	nameVar                            // var (or a var-scoped function), declared here or hoisted through
	nameParam                          // function parameter
	nameCatchSimple                    // catch (e)
	nameCatchPattern                   // catch ({e})
	nameFunc                           // the lexical declaration is a function
)

type scopeName struct {
	name  string
	flags uint8
}

type scope struct {
	kind   scopeKind
	parent *scope
	names  []scopeName
	index  map[string]int
}

const scopeIndexThreshold = 12

func (s *scope) find(name string) int {
	if s.index != nil {
		if i, ok := s.index[name]; ok {
			return i
		}
		return -1
	}
	for i := range s.names {
		if s.names[i].name == name {
			return i
		}
	}
	return -1
}

// add sets flags on name and returns the flags it had before.
func (s *scope) add(name string, flags uint8) uint8 {
	if i := s.find(name); i >= 0 {
		old := s.names[i].flags
		s.names[i].flags |= flags
		return old
	}
	s.names = append(s.names, scopeName{name, flags})
	if s.index != nil {
		s.index[name] = len(s.names) - 1
	} else if len(s.names) > scopeIndexThreshold {
		s.index = make(map[string]int, 2*len(s.names))
		for i, n := range s.names {
			s.index[n.name] = i
		}
	}
	return 0
}

func (p *parser) pushScope(kind scopeKind) {
	var s *scope
	if n := len(p.scopePool); n > 0 {
		s = p.scopePool[n-1]
		p.scopePool = p.scopePool[:n-1]
	} else {
		s = new(scope)
	}
	s.kind = kind
	s.parent = p.scope
	p.scope = s
}

func (p *parser) popScope() {
	s := p.scope
	p.scope = s.parent
	if s.kind == scopeModule {
		return
	}
	s.names = s.names[:0]
	s.index = nil
	s.parent = nil
	p.scopePool = append(p.scopePool, s)
}

// declareLexical declares a let/const/class/import/lexical function name in
// the current scope.
func (p *parser) declareLexical(name string, pos int, isFunc bool) {
	s := p.scope
	flags := nameLex
	if isFunc {
		flags |= nameFunc
	}
	if old := s.add(name, flags); old != 0 {
		p.failAt(pos, "identifier '"+name+"' has already been declared")
	}
}

// declareVar hoists a var name from the current scope to the nearest
// function (or module) scope, failing if a lexical declaration of the same
// name is in the way. forOf marks `for (var x of …)`, which Annex B's
// exception for catch parameters does not cover.
func (p *parser) declareVar(name string, pos int, forOf bool) {
	for s := p.scope; ; s = s.parent {
		old := s.add(name, nameVar)
		if old&(nameLex|nameCatchPattern) != 0 || old&nameCatchSimple != 0 && forOf {
			p.failAt(pos, "identifier '"+name+"' has already been declared")
		}
		if s.kind == scopeFunction || s.kind == scopeModule {
			if s.kind == scopeModule && old&nameVar == 0 {
				p.rec.VarNames = append(p.rec.VarNames, name)
			}
			return
		}
	}
}

// declareFunctionVar declares a function declared at the top level of a
// function body, which is var-scoped there.
func (p *parser) declareFunctionVar(name string, pos int) {
	if old := p.scope.add(name, nameVar); old&nameLex != 0 {
		p.failAt(pos, "identifier '"+name+"' has already been declared")
	}
}

// declareParams declares a parameter list, which must not repeat a name
// (strict mode, arrows and non-simple lists all forbid it).
func (p *parser) declareParams(params []nameRef) {
	for _, n := range params {
		if old := p.scope.add(n.name, nameParam); old != 0 {
			p.failAt(n.pos, "duplicate parameter name '"+n.name+"'")
		}
	}
}

// nameRef is a bound name and where it was written.
type nameRef struct {
	name string
	pos  int
}
