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
	if w := wordAt(s); w != nil {
		return w.kind
	}
	return tName
}

// isReservedInModule reports whether s cannot be an identifier in module
// code: the reserved words (reachable here only when written with escapes),
// the strict-mode future reserved words, and await.
func isReservedInModule(s string) bool {
	return wordAt(s) != nil
}

// A word is a reserved word (kind is its token) or an identifier module
// code may not use as one (kind is tName).
type word struct {
	text string
	kind tokKind
}

// words is a perfect hash table of the reserved words and the names
// reserved in module code, indexed by wordHash: every identifier the lexer
// scans is looked up, and one probe with one comparison is cheaper than the
// binary search a switch on strings compiles to. The table is checked for
// collisions when the package is initialised.
var words = func() (t [128]word) {
	for _, w := range []word{
		{"break", tBreak}, {"case", tCase}, {"catch", tCatch}, {"class", tClass},
		{"const", tConst}, {"continue", tContinue}, {"debugger", tDebugger},
		{"default", tDefault}, {"delete", tDelete}, {"do", tDo}, {"else", tElse},
		{"enum", tEnum}, {"export", tExport}, {"extends", tExtends}, {"false", tFalse},
		{"finally", tFinally}, {"for", tFor}, {"function", tFunction}, {"if", tIf},
		{"import", tImport}, {"in", tIn}, {"instanceof", tInstanceof}, {"new", tNew},
		{"null", tNull}, {"return", tReturn}, {"super", tSuper}, {"switch", tSwitch},
		{"this", tThis}, {"throw", tThrow}, {"true", tTrue}, {"try", tTry},
		{"typeof", tTypeof}, {"var", tVar}, {"void", tVoid}, {"while", tWhile},
		{"with", tWith},
		{"await", tName}, {"yield", tName}, {"let", tName}, {"static", tName},
		{"implements", tName}, {"interface", tName}, {"package", tName},
		{"private", tName}, {"protected", tName}, {"public", tName},
	} {
		h := wordHash(w.text)
		if t[h].text != "" {
			panic("esm: reserved words " + t[h].text + " and " + w.text + " collide in the hash table")
		}
		t[h] = w
	}
	return
}()

// wordHash hashes a string of two bytes or more into words. The
// coefficients were found by search; the initialiser of words proves them.
func wordHash(s string) uint {
	return (uint(s[0])*16 + uint(s[1])*15 + uint(s[len(s)-1])*8 + uint(len(s))*5) & 127
}

// wordAt returns the entry of words for s, or nil.
func wordAt(s string) *word {
	if len(s) < 2 || len(s) > 10 {
		return nil
	}
	w := &words[wordHash(s)]
	if w.text != s {
		return nil
	}
	return w
}
