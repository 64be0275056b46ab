package esm

import (
	"slices"
	"unicode/utf8"

	"github.com/bmesjs/bmes/format"
)

// parseImportDeclaration parses an ImportDeclaration (the current token is
// `import`, not followed by '(' or '.').
func (p *parser) parseImportDeclaration() {
	p.next()
	if p.tok.kind == tString {
		p.parseModuleRequest()
		return
	}
	type binding struct {
		importName string
		namespace  bool
		local      nameRef
	}
	var bindings []binding
	onlyDefault := false // the clause is a lone default binding
	if p.tok.kind == tName {
		if !p.tok.esc && (p.tok.name == "defer" && p.peek().kind == tStar) {
			p.fail("deferred imports (import defer) are not supported")
		}
		if !p.tok.esc && p.tok.name == "source" {
			if t := p.peek(); t.kind == tName && (t.name != "from" || p.peekFromFrom()) {
				p.fail("source phase imports (import source) are not supported")
			}
		}
		bindings = append(bindings, binding{importName: "default", local: p.bindingIdentifier()})
		onlyDefault = true
		if p.tok.kind == tComma {
			onlyDefault = false
			p.next()
			if p.tok.kind != tStar && p.tok.kind != tLBrace {
				p.unexpected()
			}
		}
	}
	switch kind := p.tok.kind; {
	case onlyDefault:
	case kind == tStar:
		p.next()
		if !p.isName("as") {
			p.fail("expected 'as'")
		}
		p.next()
		bindings = append(bindings, binding{namespace: true, local: p.bindingIdentifier()})
	case kind == tLBrace:
		p.next()
		for p.tok.kind != tRBrace {
			var name string
			pos := p.tok.start
			isString := p.tok.kind == tString
			if isString {
				name = p.moduleExportName()
			} else if p.tok.kind.isNameish() {
				name = p.tok.name
				p.next()
			} else {
				p.unexpected()
			}
			var local nameRef
			if p.isName("as") {
				p.next()
				local = p.bindingIdentifier()
			} else {
				if isString {
					p.failAt(pos, "a string import name must be followed by 'as'")
				}
				p.checkBindingName(name, pos)
				local = nameRef{name, pos}
				if kw := keyword(name); kw != tName {
					p.failAt(pos, "unexpected reserved word '"+name+"'")
				}
			}
			bindings = append(bindings, binding{importName: name, local: local})
			if p.tok.kind != tComma {
				break
			}
			p.next()
		}
		p.expect(tRBrace, "'}'")
	default:
		if len(bindings) == 0 {
			p.unexpected()
		}
	}
	req := p.parseFromClause()
	if p.imports == nil {
		p.imports = make(map[string]int)
	}
	for _, b := range bindings {
		p.declareLexical(b.local.name, b.local.pos, false)
		p.imports[b.local.name] = len(p.rec.ImportEntries)
		p.rec.ImportEntries = append(p.rec.ImportEntries, format.ImportEntry{
			ModuleRequest: req,
			ImportName:    b.importName,
			Namespace:     b.namespace,
			LocalName:     b.local.name,
		})
	}
}

// peekFromFrom reports whether `source from` is followed by another
// `from` (`import source from from 'm'` would be a source phase import).
func (p *parser) peekFromFrom() bool {
	tok, pos, prev := p.tok, p.pos, p.prevEnd
	p.next()
	p.next()
	r := p.isName("from")
	p.tok, p.pos, p.prevEnd = tok, pos, prev
	return r
}

// moduleExportName reads a string ModuleExportName, which must be
// well-formed Unicode.
func (p *parser) moduleExportName() string {
	s := p.cookString(p.tok.start, p.tok.end)
	if !utf8.ValidString(s) {
		p.fail("module export name must be well-formed Unicode (no lone surrogates)")
	}
	p.next()
	return s
}

// parseFromClause parses `from 'specifier' with { … };`, the with clause
// optional, and returns the index of the module request.
func (p *parser) parseFromClause() int {
	if !p.isName("from") {
		p.fail("expected 'from'")
	}
	p.next()
	if p.tok.kind != tString {
		p.fail("expected a module specifier string")
	}
	return p.parseModuleRequest()
}

// parseModuleRequest parses `'specifier' with { … };` (the current token is
// the string), records the request and returns its index.
func (p *parser) parseModuleRequest() int {
	spec := p.cookString(p.tok.start, p.tok.end)
	p.next()
	req := p.addRequest(spec, p.parseWithClause())
	p.semicolon()
	return req
}

// parseWithClause parses an optional `with { key: 'value', … }` and returns
// the attributes sorted by key in UTF-16 code unit order.
func (p *parser) parseWithClause() []format.Attribute {
	if p.isName("assert") && !p.tok.nl {
		p.fail("import assertions (assert {…}) are not supported; use with {…}")
	}
	if p.tok.kind != tWith {
		return nil
	}
	p.next()
	p.expect(tLBrace, "'{'")
	var attrs []format.Attribute
	for p.tok.kind != tRBrace {
		var key string
		pos := p.tok.start
		switch {
		case p.tok.kind == tString:
			key = p.cookString(p.tok.start, p.tok.end)
			p.next()
		case p.tok.kind.isNameish():
			key = p.tok.name
			p.next()
		default:
			p.unexpected()
		}
		for _, a := range attrs {
			if a.Key == key {
				p.failAt(pos, "duplicate import attribute '"+key+"'")
			}
		}
		p.expect(tColon, "':'")
		if p.tok.kind != tString {
			p.fail("import attribute value must be a string")
		}
		attrs = append(attrs, format.Attribute{Key: key, Value: p.cookString(p.tok.start, p.tok.end)})
		p.next()
		if p.tok.kind != tComma {
			break
		}
		p.next()
	}
	p.expect(tRBrace, "'}'")
	slices.SortFunc(attrs, func(a, b format.Attribute) int { return format.CompareUTF16(a.Key, b.Key) })
	return attrs
}

// addRequest returns the index of the module request (specifier,
// attributes), appending it if it is new.
func (p *parser) addRequest(spec string, attrs []format.Attribute) int {
	for i, m := range p.rec.RequestedModules {
		if m.Specifier == spec && slices.Equal(m.Attributes, attrs) {
			return i
		}
	}
	if attrs == nil {
		attrs = []format.Attribute{}
	}
	p.rec.RequestedModules = append(p.rec.RequestedModules, format.ModuleRequest{Specifier: spec, Attributes: attrs})
	return len(p.rec.RequestedModules) - 1
}

// addExportName records an exported name, which must be unique.
func (p *parser) addExportName(name string, pos int) {
	if p.exportNames == nil {
		p.exportNames = make(map[string]bool)
	}
	if p.exportNames[name] {
		p.failAt(pos, "duplicate export of '"+name+"'")
	}
	p.exportNames[name] = true
}

func (p *parser) addLocalExport(exportName, local string, pos int) {
	p.addExportName(exportName, pos)
	p.exports = append(p.exports, exportEntry{exportName: exportName, localName: local, request: -1})
}

// parseExportDeclaration parses an ExportDeclaration.
func (p *parser) parseExportDeclaration() {
	p.next()
	switch p.tok.kind {
	case tStar:
		p.next()
		e := exportEntry{star: true}
		if p.isName("as") {
			p.next()
			pos := p.tok.start
			if p.tok.kind == tString {
				e.exportName = p.moduleExportName()
			} else if p.tok.kind.isNameish() {
				e.exportName = p.tok.name
				p.next()
			} else {
				p.unexpected()
			}
			p.addExportName(e.exportName, pos)
			e.star, e.namespace = false, true
		}
		e.request = p.parseFromClause()
		p.exports = append(p.exports, e)
	case tLBrace:
		p.next()
		type spec struct {
			local, export   string
			localPos, pos   int
			localIsString   bool
			localIsReserved bool
		}
		var specs []spec
		for p.tok.kind != tRBrace {
			var s spec
			s.localPos = p.tok.start
			if p.tok.kind == tString {
				s.local = p.moduleExportName()
				s.localIsString = true
			} else if p.tok.kind.isNameish() {
				s.local = p.tok.name
				s.localIsReserved = p.tok.kind != tName || isReservedInModule(s.local)
				p.next()
			} else {
				p.unexpected()
			}
			s.export, s.pos = s.local, s.localPos
			if p.isName("as") {
				p.next()
				s.pos = p.tok.start
				if p.tok.kind == tString {
					s.export = p.moduleExportName()
				} else if p.tok.kind.isNameish() {
					s.export = p.tok.name
					p.next()
				} else {
					p.unexpected()
				}
			}
			specs = append(specs, s)
			if p.tok.kind != tComma {
				break
			}
			p.next()
		}
		p.expect(tRBrace, "'}'")
		if p.isName("from") {
			req := p.parseFromClause()
			for _, s := range specs {
				p.addExportName(s.export, s.pos)
				p.exports = append(p.exports, exportEntry{exportName: s.export, request: req, importName: s.local})
			}
			return
		}
		p.semicolon()
		for _, s := range specs {
			if s.localIsString {
				p.failAt(s.localPos, "a string export name can only be re-exported with 'from'")
			}
			if s.localIsReserved {
				p.failAt(s.localPos, "unexpected reserved word '"+s.local+"' in export list")
			}
			p.addLocalExport(s.export, s.local, s.pos)
			p.localRefs = append(p.localRefs, nameRef{s.local, s.localPos})
		}
	case tDefault:
		pos := p.tok.start
		p.next()
		p.addExportName("default", pos)
		switch {
		case p.tok.kind == tFunction || p.isName("async") && p.peekAsyncFunction():
			name := p.parseFunctionDeclaration(true)
			local := name
			if name == "" {
				local = "*default*"
				p.declareLexical(local, pos, true)
				p.rec.LexicalNames = append(p.rec.LexicalNames, format.LexicalName{Name: local, Kind: format.KindFunction})
			}
			p.exports = append(p.exports, exportEntry{exportName: "default", localName: local, request: -1})
		case p.tok.kind == tClass:
			name := p.parseClass(true, true)
			local := name
			if name == "" {
				local = "*default*"
				p.declareLexical(local, pos, false)
				p.rec.LexicalNames = append(p.rec.LexicalNames, format.LexicalName{Name: local, Kind: format.KindClass})
			}
			p.exports = append(p.exports, exportEntry{exportName: "default", localName: local, request: -1})
		default:
			p.parseAssignUnused(false)
			p.semicolon()
			p.declareLexical("*default*", pos, false)
			p.rec.LexicalNames = append(p.rec.LexicalNames, format.LexicalName{Name: "*default*", Kind: format.KindDefault})
			p.exports = append(p.exports, exportEntry{exportName: "default", localName: "*default*", request: -1})
		}
	case tVar, tConst, tClass, tFunction:
		p.parseExportedDeclaration()
	default:
		if p.isName("let") || p.isName("async") && p.peekAsyncFunction() {
			p.parseExportedDeclaration()
			return
		}
		if p.tok.kind == tAt {
			p.fail("decorators are not supported")
		}
		p.unexpected()
	}
}

// parseExportedDeclaration parses the declaration of `export var/let/
// const/function/class` and exports every name it binds.
func (p *parser) parseExportedDeclaration() {
	lexBefore := len(p.rec.LexicalNames)
	pos := p.tok.start
	if p.tok.kind == tVar {
		// var names already declared are not appended again to VarNames,
		// so collect the bound names directly.
		p.exportBound = p.exportBound[:0]
		p.collectBound = true
		p.parseStatementListItem()
		p.collectBound = false
		for _, n := range p.exportBound {
			p.addLocalExport(n.name, n.name, n.pos)
		}
		return
	}
	p.parseStatementListItem()
	for _, n := range p.rec.LexicalNames[lexBefore:] {
		p.addLocalExport(n.Name, n.Name, pos)
	}
}

// peekAsyncFunction reports whether the current `async` starts an async
// function: `function` follows with no line break in between.
func (p *parser) peekAsyncFunction() bool {
	t := p.peek()
	return t.kind == tFunction && !t.nl
}

// finishModule checks the module-wide early errors and builds the export
// entries as ParseModule step 10 does.
func (p *parser) finishModule() {
	for _, r := range p.localRefs {
		i := p.module.find(r.name)
		if i < 0 || p.module.names[i].flags&(nameLex|nameVar) == 0 || r.name == "*default*" {
			p.failAt(r.pos, "export '"+r.name+"' is not defined in this module")
		}
	}
	rec := &p.rec
	for _, e := range p.exports {
		switch {
		case e.star:
			rec.StarExportEntries = append(rec.StarExportEntries, format.StarExportEntry{ModuleRequest: e.request})
		case e.request >= 0:
			rec.IndirectExportEntries = append(rec.IndirectExportEntries, format.IndirectExportEntry{
				ExportName: e.exportName, ModuleRequest: e.request, ImportName: e.importName, Namespace: e.namespace,
			})
		default:
			i, imported := p.imports[e.localName]
			if !imported || rec.ImportEntries[i].Namespace {
				rec.LocalExportEntries = append(rec.LocalExportEntries, format.LocalExportEntry{ExportName: e.exportName, LocalName: e.localName})
				continue
			}
			ie := rec.ImportEntries[i]
			rec.IndirectExportEntries = append(rec.IndirectExportEntries, format.IndirectExportEntry{
				ExportName: e.exportName, ModuleRequest: ie.ModuleRequest, ImportName: ie.ImportName,
			})
		}
	}
}
