//go:build !linux

package quickjs

import (
	"modernc.org/libc"
	lib "modernc.org/libquickjs"
)

// newRuntime returns a QuickJS runtime on the port's malloc: the heap of
// heap_linux.go needs Linux's huge-page advice to pay off.
func newRuntime(tls *libc.TLS) (rt, h uintptr) { return lib.XJS_NewRuntime(tls), 0 }

func freeHeap(h uintptr) {}

// A fileArena is Go's heap where heap_linux.go's mappings do not apply.
type fileArena struct{}

func newFileArena() *fileArena { return nil }

func (a *fileArena) alloc(n int) []byte { return make([]byte, n) }

func (a *fileArena) release() {}
