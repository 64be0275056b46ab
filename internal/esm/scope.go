package esm

import "hash/maphash"

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
	// index is an open-addressing hash table over names once there are
	// more than scopeIndexThreshold of them (a module or a bundle's
	// function can declare thousands): a slot holds an index into names
	// plus one, 0 when empty; its length is a power of two, at least twice
	// len(names). Unlike a map it is kept, cleared, when the scope goes
	// back to the pool, and a lookup that misses tells add where to insert.
	index []int32
}

const scopeIndexThreshold = 12

// scopeSeed seeds the hash of index. The order of names, and so of
// everything the parser reports, does not depend on it.
var scopeSeed = maphash.MakeSeed()

// find returns the index in names of name, or -1.
func (s *scope) find(name string) int {
	if len(s.index) == 0 {
		for i := range s.names {
			if s.names[i].name == name {
				return i
			}
		}
		return -1
	}
	i, _ := s.lookup(name)
	return i
}

// lookup finds name in index: its index in names, or -1 and the slot
// where it would go.
func (s *scope) lookup(name string) (int, int) {
	mask := len(s.index) - 1
	for h := int(maphash.String(scopeSeed, name)) & mask; ; h = (h + 1) & mask {
		k := s.index[h]
		if k == 0 {
			return -1, h
		}
		if s.names[k-1].name == name {
			return int(k - 1), h
		}
	}
}

// add sets flags on name and returns the flags it had before.
func (s *scope) add(name string, flags uint8) uint8 {
	if len(s.index) == 0 {
		if i := s.find(name); i >= 0 {
			old := s.names[i].flags
			s.names[i].flags |= flags
			return old
		}
		s.names = append(s.names, scopeName{name, flags})
		if len(s.names) > scopeIndexThreshold {
			s.rehash(4 * len(s.names))
		}
		return 0
	}
	i, slot := s.lookup(name)
	if i >= 0 {
		old := s.names[i].flags
		s.names[i].flags |= flags
		return old
	}
	s.names = append(s.names, scopeName{name, flags})
	s.index[slot] = int32(len(s.names))
	if 2*len(s.names) > len(s.index) {
		s.rehash(2 * len(s.index))
	}
	return 0
}

// rehash rebuilds index with size slots (a power of two, rounded up),
// reusing its memory where it is big enough.
func (s *scope) rehash(size int) {
	n := 1
	for n < size {
		n <<= 1
	}
	if cap(s.index) >= n {
		s.index = s.index[:n]
		clear(s.index)
	} else {
		s.index = make([]int32, n)
	}
	mask := n - 1
	for i := range s.names {
		h := int(maphash.String(scopeSeed, s.names[i].name)) & mask
		for s.index[h] != 0 {
			h = (h + 1) & mask
		}
		s.index[h] = int32(i + 1)
	}
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
	clear(s.index)
	s.index = s.index[:0]
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
