package quickjs

import (
	"unsafe"

	"modernc.org/libc"
	lib "modernc.org/libquickjs"
)

// This file holds the few conversions between Go and the transpiled C API
// that everything else is written in terms of. A JSValue is the C struct
// {union u; int64 tag}; values with a negative tag are reference counted.

type value = lib.TJSValue

var (
	jsUndefined = value{Ftag: lib.EJS_TAG_UNDEFINED}
	jsNull      = value{Ftag: lib.EJS_TAG_NULL}
)

func isException(v value) bool { return v.Ftag == lib.EJS_TAG_EXCEPTION }

// ptrOf is the pointer payload of an object, string or module value.
func ptrOf(v value) uintptr { return *(*uintptr)(unsafe.Pointer(&v)) }

func int32Of(v value) int32 { return int32(*(*uint64)(unsafe.Pointer(&v))) }

func newInt32(n int32) value {
	var v value
	*(*uint64)(unsafe.Pointer(&v)) = uint64(uint32(n))
	v.Ftag = lib.EJS_TAG_INT
	return v
}

func newBool(b bool) value {
	var v value
	if b {
		*(*uint64)(unsafe.Pointer(&v)) = 1
	}
	v.Ftag = lib.EJS_TAG_BOOL
	return v
}

// cptr turns an address in C memory (the port's heap, never Go's) into a
// pointer for reading or writing through it.
func cptr(p uintptr) unsafe.Pointer { return unsafe.Add(nil, p) }

// fp returns the C function pointer the port uses for a Go function of a C
// callback's signature: the code pointer of its func value, as
// modernc.org/quickjs does.
func fp(f any) uintptr {
	type iface [2]uintptr
	return (*iface)(unsafe.Pointer(&f))[1]
}

// cbytes copies b into C memory with a terminating NUL, which QuickJS's
// parser requires after its input. The caller frees it with libc.Xfree.
func cbytes(tls *libc.TLS, b []byte) uintptr {
	p := libc.Xmalloc(tls, libc.Tsize_t(len(b)+1))
	if p == 0 {
		return 0
	}
	dst := unsafe.Slice((*byte)(cptr(p)), len(b)+1)
	copy(dst, b)
	dst[len(b)] = 0
	return p
}

func cstring(tls *libc.TLS, s string) uintptr { return cbytes(tls, []byte(s)) }

// scratch is a C buffer reused for the inputs QuickJS copies what it keeps
// of (source to compile, bytecode to read): the port's allocator returns a
// large block's pages to the kernel when it is freed, which cost more than
// reading the bytecode itself when every module had a buffer of its own.
type scratch struct {
	p   uintptr
	cap int
}

// put copies b, NUL-terminated, into the buffer and returns its address,
// valid until the next put.
func (s *scratch) put(tls *libc.TLS, b []byte) uintptr {
	if len(b)+1 > s.cap {
		if s.p != 0 {
			libc.Xfree(tls, s.p)
		}
		n := max(len(b)+1, 2*s.cap, 64<<10)
		s.p = libc.Xmalloc(tls, libc.Tsize_t(n))
		if s.p == 0 {
			s.cap = 0
			return 0
		}
		s.cap = n
	}
	dst := unsafe.Slice((*byte)(cptr(s.p)), len(b)+1)
	copy(dst, b)
	dst[len(b)] = 0
	return s.p
}

func (s *scratch) free(tls *libc.TLS) {
	if s.p != 0 {
		libc.Xfree(tls, s.p)
		*s = scratch{}
	}
}

// gostring reads a NUL-terminated C string.
func gostring(p uintptr) string {
	if p == 0 {
		return ""
	}
	return libc.GoString(p)
}

// toString converts v to a Go string as JavaScript's String(v) would (with
// lone surrogates as CESU-8-free replacement by QuickJS's own rules). ok is
// false if the conversion threw; the exception is left pending.
func toString(tls *libc.TLS, ctx uintptr, v value) (string, bool) {
	bp := tls.Alloc(8)
	defer tls.Free(8)
	p := lib.XJS_ToCStringLen2(tls, ctx, bp, v, 0)
	if p == 0 {
		return "", false
	}
	n := *(*libc.Tsize_t)(cptr(bp))
	s := string(unsafe.Slice((*byte)(cptr(p)), n))
	lib.XJS_FreeCString(tls, ctx, p)
	return s, true
}

func newString(tls *libc.TLS, ctx uintptr, s string) value {
	p := cstring(tls, s)
	defer libc.Xfree(tls, p)
	return lib.XJS_NewStringLen(tls, ctx, p, libc.Tsize_t(len(s)))
}

func setProp(tls *libc.TLS, ctx uintptr, obj value, name string, v value) {
	p := cstring(tls, name)
	defer libc.Xfree(tls, p)
	lib.XJS_SetPropertyStr(tls, ctx, obj, p, v) // takes ownership of v
}

func getProp(tls *libc.TLS, ctx uintptr, obj value, name string) value {
	p := cstring(tls, name)
	defer libc.Xfree(tls, p)
	return lib.XJS_GetPropertyStr(tls, ctx, obj, p)
}

func free(tls *libc.TLS, ctx uintptr, v value) { lib.XFreeValue(tls, ctx, v) }
