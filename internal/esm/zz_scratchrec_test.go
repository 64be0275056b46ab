package esm

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/bmesjs/bmes/format"
)

func TestScratchRecords(t *testing.T) {
	list := os.Getenv("RECLIST")
	if list == "" {
		return
	}
	b, _ := os.ReadFile(list)
	out, _ := os.Create(os.Getenv("RECOUT"))
	defer out.Close()
	w := bufio.NewWriter(out)
	defer w.Flush()
	for _, path := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		src, _ := os.ReadFile(path)
		rec, err := Parse(path, src)
		if err != nil {
			w.WriteString(`{"source":`)
			w.Write(format.AppendJSONString(nil, path))
			w.WriteString(`,"error":`)
			w.Write(format.AppendJSONString(nil, err.Error()))
			w.WriteString("}\n")
			continue
		}
		w.Write(rec.AppendJSON(nil, path))
		w.WriteString("\n")
	}
}
