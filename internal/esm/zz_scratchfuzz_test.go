package esm

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestScratchTruncate(t *testing.T) {
	list := os.Getenv("FUZZLIST")
	if list == "" {
		return
	}
	b, _ := os.ReadFile(list)
	n := 0
	for _, path := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		src, _ := os.ReadFile(path)
		step := len(src)/40 + 1
		for cut := 0; cut < len(src); cut += step {
			for _, variant := range [][]byte{src[:cut], append(append([]byte{}, src[:cut]...), src[cut+1:]...)} {
				func() {
					defer func() {
						if r := recover(); r != nil {
							n++
							if n < 20 {
								fmt.Printf("PANIC %s cut %d: %v\n", path, cut, r)
							}
						}
					}()
					Parse(path, variant)
				}()
			}
		}
	}
	if n > 0 {
		t.Errorf("%d panics", n)
	}
}
