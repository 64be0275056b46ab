package esm

// tokKind classifies a token. Reserved words have kinds of their own so
// that the parser can switch on them; contextual keywords (async, await,
// let, of, get, set, static, using, …) and escaped words are tName, and the
// parser compares their text.
type tokKind uint8

const (
	tEOF tokKind = iota
	tName
	tPrivate  // #name
	tString   // '…' or "…"
	tNumber   // numeric literal, BigInt included
	tTemplate // a template piece: `…`, `…${, }…${ or }…`
	tRegExp   // only produced by rescanRegExp

	// Punctuators.
	tLBrace
	tRBrace
	tLParen
	tRParen
	tLBracket
	tRBracket
	tDot
	tEllipsis
	tSemicolon
	tComma
	tQuestion
	tQuestionDot
	tColon
	tArrow
	tAt
	tBang
	tTilde
	tPlusPlus
	tMinusMinus

	// Binary operators, in the order of binaryPrec below.
	tQuestionQuestion
	tBarBar
	tAmpAmp
	tBar
	tCaret
	tAmp
	tEqEq
	tBangEq
	tEqEqEq
	tBangEqEq
	tLess
	tGreater
	tLessEq
	tGreaterEq
	tInstanceof
	tIn
	tLessLess
	tGreaterGreater
	tGreaterGreaterGreater
	tPlus
	tMinus
	tStar
	tSlash
	tPercent
	tStarStar

	// Assignment operators.
	tEq
	tPlusEq
	tMinusEq
	tStarEq
	tSlashEq
	tPercentEq
	tStarStarEq
	tLessLessEq
	tGreaterGreaterEq
	tGreaterGreaterGreaterEq
	tAmpEq
	tBarEq
	tCaretEq
	tAmpAmpEq
	tBarBarEq
	tQuestionQuestionEq

	// Reserved words.
	tBreak
	tCase
	tCatch
	tClass
	tConst
	tContinue
	tDebugger
	tDefault
	tDelete
	tDo
	tElse
	tEnum
	tExport
	tExtends
	tFalse
	tFinally
	tFor
	tFunction
	tIf
	tImport
	tNew
	tNull
	tReturn
	tSuper
	tSwitch
	tThis
	tThrow
	tTrue
	tTry
	tTypeof
	tVar
	tVoid
	tWhile
	tWith
)

// Precedences of binary operators; 0 means the token is not one.
var binaryPrec = [...]uint8{
	tQuestionQuestion:      1,
	tBarBar:                2,
	tAmpAmp:                3,
	tBar:                   4,
	tCaret:                 5,
	tAmp:                   6,
	tEqEq:                  7,
	tBangEq:                7,
	tEqEqEq:                7,
	tBangEqEq:              7,
	tLess:                  8,
	tGreater:               8,
	tLessEq:                8,
	tGreaterEq:             8,
	tInstanceof:            8,
	tIn:                    8,
	tLessLess:              9,
	tGreaterGreater:        9,
	tGreaterGreaterGreater: 9,
	tPlus:                  10,
	tMinus:                 10,
	tStar:                  11,
	tSlash:                 11,
	tPercent:               11,
	tStarStar:              12,
}

func (k tokKind) isAssign() bool  { return k >= tEq && k <= tQuestionQuestionEq }
func (k tokKind) isKeyword() bool { return k >= tBreak || k == tIn || k == tInstanceof }
func (k tokKind) isBinary() bool  { return k >= tQuestionQuestion && k <= tStarStar }
func (k tokKind) isNameish() bool { return k == tName || k.isKeyword() }
func (k tokKind) prec() uint8     { return binaryPrec[k] }
func (k tokKind) isLogical() bool { return k == tBarBar || k == tAmpAmp }

// keyword returns the kind of a reserved word, or tName.
func keyword(s string) tokKind {
	if len(s) < 2 || len(s) > 10 || s[0] < 'b' || s[0] > 'w' {
		return tName
	}
	switch s {
	case "break":
		return tBreak
	case "case":
		return tCase
	case "catch":
		return tCatch
	case "class":
		return tClass
	case "const":
		return tConst
	case "continue":
		return tContinue
	case "debugger":
		return tDebugger
	case "default":
		return tDefault
	case "delete":
		return tDelete
	case "do":
		return tDo
	case "else":
		return tElse
	case "enum":
		return tEnum
	case "export":
		return tExport
	case "extends":
		return tExtends
	case "false":
		return tFalse
	case "finally":
		return tFinally
	case "for":
		return tFor
	case "function":
		return tFunction
	case "if":
		return tIf
	case "import":
		return tImport
	case "in":
		return tIn
	case "instanceof":
		return tInstanceof
	case "new":
		return tNew
	case "null":
		return tNull
	case "return":
		return tReturn
	case "super":
		return tSuper
	case "switch":
		return tSwitch
	case "this":
		return tThis
	case "throw":
		return tThrow
	case "true":
		return tTrue
	case "try":
		return tTry
	case "typeof":
		return tTypeof
	case "var":
		return tVar
	case "void":
		return tVoid
	case "while":
		return tWhile
	case "with":
		return tWith
	}
	return tName
}

// isReservedInModule reports whether s cannot be an identifier in module
// code: the reserved words (reachable here only when written with escapes),
// the strict-mode future reserved words, and await.
func isReservedInModule(s string) bool {
	switch s {
	case "await", "yield", "let", "static", "implements", "interface", "package", "private", "protected", "public":
		return true
	}
	return keyword(s) != tName
}
