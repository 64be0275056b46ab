package esm

import (
	"encoding/json"
	"math/rand"
	"os"
	"strings"
	"testing"
)

func TestScratchMutate(t *testing.T) {
	list := os.Getenv("MUTLIST")
	if list == "" {
		return
	}
	b, _ := os.ReadFile(list)
	rng := rand.New(rand.NewSource(int64(len(b))))
	type item struct {
		Src string `json:"src"`
		OK  bool   `json:"ok"`
		Msg string `json:"msg"`
	}
	var items []item
	inserts := []string{"(", ")", "{", "}", "[", "]", ";", ",", "=", "=>", "...", "?.", "?", ":", "await ", "yield ", "async ", "let ", "var ", "const ", "function ", "class ", "new ", "super", "this", "#x", "`", "'", "/", "*", "\n", "import ", "export ", "default ", "static ", "get ", "set ", "in ", "of ", "++", "--", "delete ", "typeof ", "**", "??", "||", "&&", "!", "-", "+", "arguments", "eval", "return ", "break ", "continue ", "label: ", ".", "0", "1_0", "08", "\\u0061", "extends ", "=> {}", "() => ", "async () => ", "for ", "if (", "with ", "try {} catch ", "new.target", "import.meta", "import(", "enum ", "let", "yield", "await"}
	for _, path := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		srcb, _ := os.ReadFile(path)
		src := string(srcb)
		if i := strings.Index(src, "---*/"); i >= 0 {
			src = src[i+5:]
		}
		if len(src) > 20000 || strings.Contains(src, "using") || strings.Contains(src, "(?") || strings.Contains(src, "defer") || strings.Contains(src, "source") || strings.Contains(src, "assert {") {
			continue
		}
		for k := 0; k < 12; k++ {
			m := src
			switch rng.Intn(4) {
			case 0:
				if len(m) > 1 {
					i := rng.Intn(len(m))
					m = m[:i] + m[i+1:]
				}
			case 1, 2:
				i := rng.Intn(len(m) + 1)
				m = m[:i] + inserts[rng.Intn(len(inserts))] + m[i:]
			case 3:
				lines := strings.Split(m, "\n")
				i := rng.Intn(len(lines))
				lines = append(lines[:i+1], lines[i:]...)
				m = strings.Join(lines, "\n")
			}
			_, err := Parse("m.js", []byte(m))
			it := item{Src: m, OK: err == nil}
			if err != nil {
				it.Msg = err.Error()
			}
			items = append(items, it)
		}
	}
	out, _ := json.Marshal(items)
	os.WriteFile(os.Getenv("MUTOUT"), out, 0o644)
}
