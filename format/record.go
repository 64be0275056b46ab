// Package format defines the module record that a .bmes sidecar carries and
// the byte layout it is stored in (see SPEC.md).
//
// Strings in a Record are JavaScript strings: sequences of UTF-16 code units.
// They are held in Go strings as WTF-8, which is UTF-8 extended so that a lone
// surrogate (U+D800–U+DFFF) is encoded like any other code point in three
// bytes. Well-formed text is therefore plain UTF-8, and a specifier such as
// '\uD800' survives the trip through the sidecar.
package format

// Record is ECMA-262's Source Text Module Record (ParseModule, 16.2.1.6) plus
// the top-level variable environment an engine needs to instantiate the
// module without parsing it. ../shared/module-record.md is the contract; the
// fields below are named as there.
type Record struct {
	RequestedModules      []ModuleRequest
	ImportEntries         []ImportEntry
	LocalExportEntries    []LocalExportEntry
	IndirectExportEntries []IndirectExportEntry
	StarExportEntries     []StarExportEntry
	VarNames              []string
	LexicalNames          []LexicalName
	HasTopLevelAwait      bool
	DynamicImports        []DynamicImport
	UsesImportMeta        bool
}

// ModuleRequest is one entry of [[RequestedModules]]. Attributes are sorted by
// key in UTF-16 code unit order, as WithClauseToAttributes sorts them.
type ModuleRequest struct {
	Specifier  string
	Attributes []Attribute
}

// Attribute is one import attribute (`with { type: "json" }`).
type Attribute struct {
	Key, Value string
}

// ImportEntry is one imported binding. Namespace marks `import * as ns`,
// whose [[ImportName]] is namespace-object (null in the JSON dump); the
// ImportName field is then empty. A flag rather than an empty name is needed
// because `import { "" as x }` imports a binding whose name is the empty
// string.
type ImportEntry struct {
	ModuleRequest int // index into Record.RequestedModules
	ImportName    string
	Namespace     bool
	LocalName     string
}

// LocalExportEntry exports a binding declared in this module.
type LocalExportEntry struct {
	ExportName string
	LocalName  string
}

// IndirectExportEntry re-exports a binding of another module. Namespace
// marks `export * as ns from 'm'`, whose [[ImportName]] is all (null in the
// JSON dump).
type IndirectExportEntry struct {
	ExportName    string
	ModuleRequest int
	ImportName    string
	Namespace     bool
}

// StarExportEntry is `export * from 'm'`.
type StarExportEntry struct {
	ModuleRequest int
}

// LexicalName is one top-level lexically scoped declaration.
type LexicalName struct {
	Name string
	Kind LexicalKind
}

// DynamicImport is one `import(…)` call. Known is false when the first
// argument is not a string literal or a template without substitutions; the
// specifier is then null in the JSON dump.
type DynamicImport struct {
	Specifier string
	Known     bool
}

// LexicalKind says which declaration form bound a lexical name. Engines need
// it: const bindings are immutable, functions are initialised at
// instantiation, and the rest start in the temporal dead zone.
type LexicalKind uint8

const (
	KindLet LexicalKind = iota
	KindConst
	KindClass
	KindFunction
	KindUsing
	KindAwaitUsing
	KindDefault // `export default <expression>`: the *default* binding
	numLexicalKinds
)

var lexicalKindNames = [numLexicalKinds]string{
	KindLet:        "let",
	KindConst:      "const",
	KindClass:      "class",
	KindFunction:   "function",
	KindUsing:      "using",
	KindAwaitUsing: "await using",
	KindDefault:    "default",
}

// String returns the kind as module-record.md spells it.
func (k LexicalKind) String() string {
	if k < numLexicalKinds {
		return lexicalKindNames[k]
	}
	return "invalid"
}

// ParseLexicalKind is the inverse of LexicalKind.String.
func ParseLexicalKind(s string) (LexicalKind, bool) {
	for k, name := range lexicalKindNames {
		if name == s {
			return LexicalKind(k), true
		}
	}
	return 0, false
}

// ModuleSyntax reports whether the record shows syntax that only a module
// can have: an import or export declaration that left an entry, import.meta
// or top-level await (import() is allowed in scripts too). Node's module
// syntax detection loads an ambiguous .js file as an ES module on such
// evidence. An `export {}` leaves no entry, so a caller that must catch it
// looks at the source too.
func (r *Record) ModuleSyntax() bool {
	return len(r.RequestedModules) > 0 || len(r.ImportEntries) > 0 || len(r.LocalExportEntries) > 0 ||
		len(r.IndirectExportEntries) > 0 || len(r.StarExportEntries) > 0 || r.UsesImportMeta || r.HasTopLevelAwait
}
