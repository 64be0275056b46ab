package quickjs

import (
	"math/bits"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
	"modernc.org/libc"
	lib "modernc.org/libquickjs"
)

// A heap is the memory one Runtime's QuickJS allocates from, in place of
// the port's malloc (JS_NewRuntime2 with its own malloc functions).
//
// Why: on the machines bmes-run was measured on, a page fault costs about
// 2.7 µs, and loading three.js's WebGPU graph from bytecode touches tens
// of megabytes of fresh memory: through the port's allocator, which maps
// 64 KiB at a time and hands freed pages back with madvise, faults were
// the largest single cost of JS_ReadObject. A heap maps large regions
// with MADV_HUGEPAGE, so that the kernel backs them with 2 MiB pages where
// it can (one fault instead of 512), and keeps freed blocks for reuse.
//
// QuickJS does its own small-block allocation in 4 KiB arenas; what
// reaches a heap is those arenas, large blocks and the runtime itself. A
// heap serves them from size classes (four per power of two up to
// hugeSize, each block with a 16-byte header that records its class),
// carved from regions with a bump pointer; a freed block goes on its
// class's free list. Blocks of hugeSize and more get a mapping of their
// own, unmapped when freed. Other freed blocks stay with the heap for
// reuse, as most of glibc's malloc's do; everything is unmapped when the
// runtime is freed. Measured on the WebGPU graph from sidecars, in
// process: load+link 75 → 55 ms. The heap's own state lives in its first region: QuickJS passes it
// back as the malloc state's opaque pointer, and no Go pointer is ever
// stored in C memory.
type heap struct {
	next, end uintptr           // the current region's unused part
	regions   uintptr           // the first region; each begins with a regionLink
	huge      hugeLink          // list head of the live huge mappings
	free      [nClasses]uintptr // free blocks of each class, linked through their first word
}

// regionLink begins every region.
type regionLink struct {
	next, size uintptr
}

// hugeLink begins every huge mapping; the block header follows it.
type hugeLink struct {
	prev, next uintptr
	size       uintptr
	_          uintptr // keeps the header, and so the block, 16-aligned
}

// blockHeader precedes every block handed to QuickJS.
type blockHeader struct {
	size  uintptr // the block's usable size
	class uintptr // its size class, or hugeClass
}

const (
	regionSize = 64 << 20
	hugePage   = 2 << 20
	hugeSize   = 1 << 20 // blocks this large (with header) get a mapping of their own
	minShift   = 6       // the smallest class holds 64 bytes, header included (every class is a multiple of 16)
	maxShift   = 20
	nClasses   = (maxShift-minShift)*4 + 1
	hugeClass  = ^uintptr(0)
	hdrSize    = unsafe.Sizeof(blockHeader{})
)

// classSize is the size, header included, of the blocks of class c: four
// classes per power of two, 2^s × (4+k)/4.
func classSize(c int) uintptr {
	s, k := minShift+c/4, c%4
	return (uintptr(4+k) << s) >> 2
}

// classOf returns the smallest class whose blocks hold n bytes, header
// included; n is at least 1 and below hugeSize.
func classOf(n uintptr) int {
	if n <= 1<<minShift {
		return 0
	}
	s := bits.Len64(uint64(n-1)) - 1 // 2^s < n ≤ 2^(s+1)
	// The classes between 2^s and 2^(s+1): 2^s × 5/4, 6/4, 7/4, 8/4.
	k := int(((n-1)>>(s-2))&3) + 1
	c := (s-minShift)*4 + k
	return c
}

// mapRegion maps n bytes of zeroed memory that the kernel may back with
// huge pages, or returns 0.
func mapRegion(n uintptr) uintptr {
	p, err := unix.MmapPtr(-1, 0, nil, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON|unix.MAP_NORESERVE)
	if err != nil {
		return 0
	}
	// Advice only: without transparent huge pages the region is an
	// ordinary one.
	unix.Syscall(unix.SYS_MADVISE, uintptr(p), n, unix.MADV_HUGEPAGE)
	return uintptr(p)
}

func unmap(p, n uintptr) { unix.MunmapPtr(cptr(p), n) }

// newHeap maps a heap's first region, or returns 0.
func newHeap() uintptr {
	r := mapRegion(regionSize)
	if r == 0 {
		return 0
	}
	h := (*heap)(cptr(r + unsafe.Sizeof(regionLink{})))
	(*regionLink)(cptr(r)).size = regionSize
	h.regions = r
	h.next = (r + unsafe.Sizeof(regionLink{}) + unsafe.Sizeof(heap{}) + 15) &^ 15
	h.end = r + regionSize
	head := uintptr(unsafe.Pointer(&h.huge))
	h.huge.prev, h.huge.next = head, head
	return uintptr(unsafe.Pointer(h))
}

// release unmaps everything h allocated, h included.
func (h *heap) release() {
	head := uintptr(unsafe.Pointer(&h.huge))
	for p := h.huge.next; p != head; {
		l := (*hugeLink)(cptr(p))
		next := l.next
		unmap(p, l.size)
		p = next
	}
	for r := h.regions; r != 0; {
		l := (*regionLink)(cptr(r))
		next, size := l.next, l.size
		unmap(r, size)
		r = next
	}
}

// alloc returns a 16-aligned block of at least n bytes, or 0.
func (h *heap) alloc(n uintptr) uintptr {
	if n == 0 {
		n = 1
	}
	if n > hugeSize { // also catches sizes that would overflow below
		return h.allocHuge(n)
	}
	total := n + hdrSize
	if total >= hugeSize {
		return h.allocHuge(n)
	}
	c := classOf(total)
	b := h.free[c]
	if b != 0 {
		h.free[c] = *(*uintptr)(cptr(b))
	} else {
		size := classSize(c)
		if h.end-h.next < size && !h.grow() {
			return 0
		}
		b = h.next + hdrSize
		h.next += size
	}
	hd := (*blockHeader)(cptr(b - hdrSize))
	hd.size, hd.class = classSize(c)-hdrSize, uintptr(c)
	return b
}

// grow starts a new region; the rest of the current one is left unused.
func (h *heap) grow() bool {
	r := mapRegion(regionSize)
	if r == 0 {
		return false
	}
	*(*regionLink)(cptr(r)) = regionLink{next: h.regions, size: regionSize}
	h.regions = r
	h.next = r + unsafe.Sizeof(regionLink{})
	h.next = (h.next + 15) &^ 15
	h.end = r + regionSize
	return true
}

func (h *heap) allocHuge(n uintptr) uintptr {
	const prefix = unsafe.Sizeof(hugeLink{}) + hdrSize
	if n > ^uintptr(0)/2 {
		return 0
	}
	size := (n + prefix + 4095) &^ 4095
	p := mapRegion(size)
	if p == 0 {
		return 0
	}
	head := uintptr(unsafe.Pointer(&h.huge))
	l := (*hugeLink)(cptr(p))
	l.size, l.prev, l.next = size, head, h.huge.next
	(*hugeLink)(cptr(h.huge.next)).prev = p
	h.huge.next = p
	hd := (*blockHeader)(cptr(p + unsafe.Sizeof(hugeLink{})))
	hd.size, hd.class = size-prefix, hugeClass
	return p + prefix
}

// freeBlock returns the block b to h.
func (h *heap) freeBlock(b uintptr) {
	hd := (*blockHeader)(cptr(b - hdrSize))
	if hd.class == hugeClass {
		p := b - hdrSize - unsafe.Sizeof(hugeLink{})
		l := (*hugeLink)(cptr(p))
		(*hugeLink)(cptr(l.prev)).next = l.next
		(*hugeLink)(cptr(l.next)).prev = l.prev
		unmap(p, l.size)
		return
	}
	*(*uintptr)(cptr(b)) = h.free[hd.class]
	h.free[hd.class] = b
}

// usable is the usable size of the block b.
func usable(b uintptr) uintptr { return (*blockHeader)(cptr(b - hdrSize)).size }

// The malloc functions QuickJS calls, keeping its malloc state's counts as
// the port's own functions do (JS_ComputeMemoryUsage and the memory limit
// read them). s is the JSMallocState; its opaque field is the heap.

func heapMalloc(tls *libc.TLS, s uintptr, size libc.Tsize_t) uintptr {
	st := (*lib.TJSMallocState)(cptr(s))
	if st.Fmalloc_size+size > st.Fmalloc_limit {
		return 0
	}
	b := (*heap)(cptr(st.Fopaque)).alloc(uintptr(size))
	if b == 0 {
		return 0
	}
	st.Fmalloc_count++
	st.Fmalloc_size += libc.Tsize_t(usable(b)) + lib.MMALLOC_OVERHEAD
	return b
}

func heapFree(tls *libc.TLS, s, b uintptr) {
	if b == 0 {
		return
	}
	st := (*lib.TJSMallocState)(cptr(s))
	st.Fmalloc_count--
	st.Fmalloc_size -= libc.Tsize_t(usable(b)) + lib.MMALLOC_OVERHEAD
	(*heap)(cptr(st.Fopaque)).freeBlock(b)
}

func heapRealloc(tls *libc.TLS, s, b uintptr, size libc.Tsize_t) uintptr {
	switch {
	case b == 0 && size == 0:
		return 0
	case b == 0:
		return heapMalloc(tls, s, size)
	case size == 0:
		heapFree(tls, s, b)
		return 0
	}
	old := usable(b)
	if uintptr(size) <= old {
		return b
	}
	st := (*lib.TJSMallocState)(cptr(s))
	if st.Fmalloc_size+size-libc.Tsize_t(old) > st.Fmalloc_limit {
		return 0
	}
	nb := heapMalloc(tls, s, size)
	if nb == 0 {
		return 0
	}
	copy(unsafe.Slice((*byte)(cptr(nb)), old), unsafe.Slice((*byte)(cptr(b)), old))
	heapFree(tls, s, b)
	return nb
}

func heapUsableSize(tls *libc.TLS, b uintptr) libc.Tsize_t {
	if b == 0 {
		return 0
	}
	return libc.Tsize_t(usable(b))
}

// heapFuncs are the malloc functions, made once.
var heapFuncs = lib.TJSMallocFunctions{
	Fjs_malloc:             fp(heapMalloc),
	Fjs_free:               fp(heapFree),
	Fjs_realloc:            fp(heapRealloc),
	Fjs_malloc_usable_size: fp(heapUsableSize),
}

// newRuntime returns a QuickJS runtime allocating from a heap of its own
// (0 when no heap can be mapped: then from the port's malloc), or 0.
func newRuntime(tls *libc.TLS) (rt, h uintptr) {
	h = newHeap()
	if h == 0 {
		return lib.XJS_NewRuntime(tls), 0
	}
	rt = lib.XJS_NewRuntime2(tls, uintptr(unsafe.Pointer(&heapFuncs)), h)
	if rt == 0 {
		(*heap)(cptr(h)).release()
		return 0, 0
	}
	return rt, h
}

// freeHeap unmaps the heap h of a runtime that has been freed.
func freeHeap(h uintptr) {
	if h != 0 {
		(*heap)(cptr(h)).release()
	}
}

// A fileArena holds the files a Runtime reads while it loads a graph
// (sources and sidecars), in memory mapped for the purpose instead of Go's
// heap, and is unmapped as a whole once the graph is loaded. For the same
// reason as a heap: a fresh process's Go heap grows 4 KiB page by page
// (one fault each, about 2.7 µs here) and collects as it grows, while the
// files of a 600-module graph are tens of megabytes that all die together.
// Measured on three.js's WebGPU graph from sidecars, whole process: 132 →
// 100 ms. Safe for concurrent use; a nil *fileArena allocates from Go's
// heap.
type fileArena struct {
	mu      sync.Mutex
	regions []region
	next    uintptr // the unused part of the last region
	end     uintptr
}

type region struct{ p, n uintptr }

const arenaRegionSize = 32 << 20

func newFileArena() *fileArena { return &fileArena{} }

// alloc returns n bytes, not necessarily zeroed, valid until release.
func (a *fileArena) alloc(n int) []byte {
	if a == nil || n <= 0 {
		return make([]byte, n)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	size := (uintptr(n) + 15) &^ 15
	if a.end-a.next < size {
		rsize := max(arenaRegionSize, (size+hugePage-1)&^(hugePage-1))
		p := mapRegion(rsize)
		if p == 0 {
			return make([]byte, n)
		}
		a.regions = append(a.regions, region{p, rsize})
		a.next, a.end = p, p+rsize
	}
	b := unsafe.Slice((*byte)(cptr(a.next)), n)
	a.next += size
	return b
}

// release unmaps everything a allocated; nothing it returned may be used
// afterwards.
func (a *fileArena) release() {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, r := range a.regions {
		unmap(r.p, r.n)
	}
	a.regions, a.next, a.end = nil, 0, 0
}
