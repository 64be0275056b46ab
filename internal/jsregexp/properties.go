package jsregexp

import "slices"

// binaryProperties lists the names and aliases of the binary Unicode
// properties that \p{…} and \P{…} accept (ECMA-262 table
// "Binary Unicode property aliases and their canonical property names").
// Implementations must reject every other name, so this is a closed list
// rather than whatever a Unicode library happens to know.
var binaryProperties = []string{
	"AHex",
	"ASCII",
	"ASCII_Hex_Digit",
	"Alpha",
	"Alphabetic",
	"Any",
	"Assigned",
	"Bidi_C",
	"Bidi_Control",
	"Bidi_M",
	"Bidi_Mirrored",
	"CI",
	"CWCF",
	"CWCM",
	"CWKCF",
	"CWL",
	"CWT",
	"CWU",
	"Case_Ignorable",
	"Cased",
	"Changes_When_Casefolded",
	"Changes_When_Casemapped",
	"Changes_When_Lowercased",
	"Changes_When_NFKC_Casefolded",
	"Changes_When_Titlecased",
	"Changes_When_Uppercased",
	"DI",
	"Dash",
	"Default_Ignorable_Code_Point",
	"Dep",
	"Deprecated",
	"Dia",
	"Diacritic",
	"EBase",
	"EComp",
	"EMod",
	"EPres",
	"Emoji",
	"Emoji_Component",
	"Emoji_Modifier",
	"Emoji_Modifier_Base",
	"Emoji_Presentation",
	"Ext",
	"ExtPict",
	"Extended_Pictographic",
	"Extender",
	"Gr_Base",
	"Gr_Ext",
	"Grapheme_Base",
	"Grapheme_Extend",
	"Hex",
	"Hex_Digit",
	"IDC",
	"IDS",
	"IDSB",
	"IDST",
	"IDS_Binary_Operator",
	"IDS_Trinary_Operator",
	"ID_Continue",
	"ID_Start",
	"Ideo",
	"Ideographic",
	"Join_C",
	"Join_Control",
	"LOE",
	"Logical_Order_Exception",
	"Lower",
	"Lowercase",
	"Math",
	"NChar",
	"Noncharacter_Code_Point",
	"Pat_Syn",
	"Pat_WS",
	"Pattern_Syntax",
	"Pattern_White_Space",
	"QMark",
	"Quotation_Mark",
	"RI",
	"Radical",
	"Regional_Indicator",
	"SD",
	"STerm",
	"Sentence_Terminal",
	"Soft_Dotted",
	"Term",
	"Terminal_Punctuation",
	"UIdeo",
	"Unified_Ideograph",
	"Upper",
	"Uppercase",
	"VS",
	"Variation_Selector",
	"White_Space",
	"XIDC",
	"XIDS",
	"XID_Continue",
	"XID_Start",
	"space",
}

// stringProperties lists the binary properties of strings (ECMA-262 table
// "Binary Unicode properties of strings"). They match sequences of code
// points, so they are valid only with the v flag, never under \P, and never
// inside a negated class.
var stringProperties = []string{
	"Basic_Emoji",
	"Emoji_Keycap_Sequence",
	"RGI_Emoji",
	"RGI_Emoji_Flag_Sequence",
	"RGI_Emoji_Modifier_Sequence",
	"RGI_Emoji_Tag_Sequence",
	"RGI_Emoji_ZWJ_Sequence",
}

// inTable reports whether name is in the sorted table.
func inTable(table []string, name string) bool {
	_, ok := slices.BinarySearch(table, name)
	return ok
}

// propertyKind says what a \p{…} expression names.
type propertyKind int

const (
	propertyInvalid propertyKind = iota
	propertyCodePoints
	propertyStrings
)

// classifyProperty checks the text between the braces of \p{…}: either
// Name=Value with Name one of General_Category, Script, Script_Extensions
// (or their aliases gc, sc, scx), or a lone General_Category value, binary
// property or property of strings. Matching is exact: case, spaces, hyphens
// and an "Is" prefix are not ignored, as UAX44's loose matching would.
func classifyProperty(name, value string, hasValue bool) propertyKind {
	if hasValue {
		switch name {
		case "General_Category", "gc":
			if inTable(generalCategoryValues, value) {
				return propertyCodePoints
			}
		case "Script", "sc", "Script_Extensions", "scx":
			if inTable(scriptValues, value) {
				return propertyCodePoints
			}
		}
		return propertyInvalid
	}
	switch {
	case inTable(generalCategoryValues, name), inTable(binaryProperties, name):
		return propertyCodePoints
	case inTable(stringProperties, name):
		return propertyStrings
	}
	return propertyInvalid
}
