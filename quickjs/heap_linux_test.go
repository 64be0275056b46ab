package quickjs

import (
	"testing"
	"unsafe"
)

// TestClassOf checks that every size gets the smallest class that holds
// it, and that every class keeps blocks 16-aligned.
func TestClassOf(t *testing.T) {
	for c := range nClasses {
		if classSize(c)%16 != 0 {
			t.Fatalf("class %d: %d bytes, not a multiple of 16", c, classSize(c))
		}
		if c > 0 && classSize(c) <= classSize(c-1) {
			t.Fatalf("class %d (%d bytes) not above class %d (%d)", c, classSize(c), c-1, classSize(c-1))
		}
	}
	if classSize(nClasses-1) != hugeSize {
		t.Fatalf("last class %d bytes, want hugeSize %d", classSize(nClasses-1), hugeSize)
	}
	for n := uintptr(1); n < hugeSize; n++ {
		c := classOf(n)
		if c < 0 || c >= nClasses || classSize(c) < n || c > 0 && classSize(c-1) >= n {
			t.Fatalf("classOf(%d) = %d (%d bytes)", n, c, classSize(c))
		}
	}
}

// TestHeap allocates, writes, reallocates and frees blocks of every kind
// and checks that no two live blocks overlap, that contents survive
// realloc, and that freed blocks are reused.
func TestHeap(t *testing.T) {
	hp := newHeap()
	if hp == 0 {
		t.Skip("cannot map a heap here")
	}
	h := (*heap)(cptr(hp))
	defer h.release()
	type block struct{ p, n uintptr }
	var live []block
	fill := func(b block, v byte) {
		s := unsafe.Slice((*byte)(cptr(b.p)), b.n)
		for i := range s {
			s[i] = v
		}
	}
	check := func(b block, v byte) {
		for i, x := range unsafe.Slice((*byte)(cptr(b.p)), b.n) {
			if x != v {
				t.Fatalf("block %#x+%d: byte %d is %d, want %d", b.p, b.n, i, x, v)
			}
		}
	}
	sizes := []uintptr{0, 1, 15, 16, 17, 48, 100, 4096, 4097, 65536, hugeSize - hdrSize - 1, hugeSize - hdrSize, hugeSize, 3 << 20}
	for i := 0; i < 3; i++ {
		for _, n := range sizes {
			p := h.alloc(n)
			if p == 0 || p%16 != 0 || usable(p) < n {
				t.Fatalf("alloc(%d) = %#x, usable %d", n, p, usable(p))
			}
			live = append(live, block{p, n})
		}
	}
	for i, b := range live {
		fill(b, byte(i))
	}
	for i, b := range live {
		check(b, byte(i))
	}
	// A freed block is reused for the next block of its class.
	first := live[2] // 15 bytes: a small class
	h.freeBlock(first.p)
	if p := h.alloc(first.n); p != first.p {
		t.Errorf("alloc after free: %#x, want the freed %#x", p, first.p)
	}
	fill(first, 2)
	for _, b := range live[len(sizes):] {
		h.freeBlock(b.p)
	}
	live = live[:len(sizes)]
	for i, b := range live {
		check(b, byte(i))
	}
}

// TestHeapRealloc checks realloc through the functions QuickJS calls, with
// the malloc state's counts.
func TestHeapRealloc(t *testing.T) {
	hp := newHeap()
	if hp == 0 {
		t.Skip("cannot map a heap here")
	}
	defer (*heap)(cptr(hp)).release()
	var st struct {
		count, size, limit uint64
		opaque             uintptr
	}
	st.limit, st.opaque = ^uint64(0), hp
	s := uintptr(unsafe.Pointer(&st))
	p := heapMalloc(nil, s, 10)
	copy(unsafe.Slice((*byte)(cptr(p)), 10), "0123456789")
	for _, n := range []uint64{5, 100, 5000, 2 << 20, 64} {
		p = heapRealloc(nil, s, p, n)
		if p == 0 || string(unsafe.Slice((*byte)(cptr(p)), 5)) != "01234" {
			t.Fatalf("realloc to %d lost the contents", n)
		}
	}
	if st.count != 1 {
		t.Errorf("%d blocks counted after reallocs, want 1", st.count)
	}
	heapRealloc(nil, s, p, 0)
	if st.count != 0 || st.size != 0 {
		t.Errorf("after freeing all: count %d, size %d", st.count, st.size)
	}
	st.limit = st.size + 100
	if p := heapMalloc(nil, s, 1000); p != 0 {
		t.Errorf("malloc beyond the memory limit succeeded")
	}
}
