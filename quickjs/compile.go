package quickjs

import (
	"errors"
	"fmt"
	"strings"
	"unsafe"

	"modernc.org/libc"
	lib "modernc.org/libquickjs"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/quickjs/naming"
)

// A Compiler turns one module's JavaScript into a QuickJS payload (SPEC.md
// section 7.1) without running it. It owns a QuickJS runtime, so it is not
// safe for concurrent use; Engine pools them for bmes-precompile.
type Compiler struct {
	tls     *libc.TLS
	rt, ctx uintptr
}

// NewCompiler returns a Compiler with its own QuickJS runtime.
func NewCompiler() (*Compiler, error) {
	tls := libc.NewTLS()
	rt := lib.XJS_NewRuntime(tls)
	if rt == 0 {
		tls.Close()
		return nil, errors.New("quickjs: cannot create a runtime")
	}
	lib.XJS_SetStripInfo(tls, rt, 0)
	// Compiling a module resolves its imports; every import gets an empty
	// stub module, which the importer's bytecode does not depend on.
	// QuickJS checks a static import's attributes while parsing, so the
	// compiler must check them as the runtime does: bytecode read from a
	// sidecar is never checked again, and a module whose attributes the
	// runtime refuses from source would otherwise load from bytecode.
	lib.XJS_SetModuleLoaderFunc2(tls, rt, fp(stubNormalize), fp(stubLoader), fp(checkAttributesHook), 0)
	return &Compiler{tls: tls, rt: rt}, nil
}

func (c *Compiler) newContext() error {
	if c.ctx != 0 {
		lib.XJS_FreeContext(c.tls, c.ctx)
	}
	c.ctx = lib.XJS_NewContext(c.tls, c.rt)
	if c.ctx == 0 {
		return errors.New("quickjs: cannot create a context")
	}
	return nil
}

// Close frees the compiler's runtime.
func (c *Compiler) Close() {
	if c.ctx != 0 {
		lib.XJS_FreeContext(c.tls, c.ctx)
		c.ctx = 0
	}
	if c.rt != 0 {
		lib.XJS_FreeRuntime(c.tls, c.rt)
		c.rt = 0
	}
	c.tls.Close()
}

// Compile compiles code, the JavaScript of one ES module, under the module
// name name, and returns the payload of its bytecode section. The error of
// a module QuickJS cannot compile is its SyntaxError, with the line.
func (c *Compiler) Compile(name string, code []byte) ([]byte, error) {
	// Each module is compiled in a context of its own: a context keeps
	// every module compiled in it, and every stub made for an import, so a
	// stub made earlier under this name would stand in for the module. A
	// fresh context costs about 0.3 ms, less than most parses.
	if err := c.newContext(); err != nil {
		return nil, err
	}
	tls, ctx := c.tls, c.ctx
	src := cbytes(tls, code)
	cname := cstring(tls, name)
	defer libc.Xfree(tls, src)
	defer libc.Xfree(tls, cname)
	m := lib.XJS_Eval(tls, ctx, src, libc.Tsize_t(len(code)), cname, lib.MJS_EVAL_TYPE_MODULE|lib.MJS_EVAL_FLAG_COMPILE_ONLY)
	if isException(m) {
		return nil, fmt.Errorf("quickjs cannot compile %s: %s", name, takeException(tls, ctx))
	}
	defer free(tls, ctx, m)
	bp := tls.Alloc(8)
	defer tls.Free(8)
	buf := lib.XJS_WriteObject(tls, ctx, bp, m, lib.MJS_WRITE_OBJ_BYTECODE)
	if buf == 0 {
		return nil, fmt.Errorf("quickjs cannot serialise %s: %s", name, takeException(tls, ctx))
	}
	n := *(*libc.Tsize_t)(cptr(bp))
	bc := unsafe.Slice((*byte)(cptr(buf)), n)
	p := encodePayload(format.HashSource(code), name, bc)
	lib.Xjs_free(tls, ctx, buf)
	return p, nil
}

// takeException returns the pending exception's text and clears it.
func takeException(tls *libc.TLS, ctx uintptr) string {
	exc := lib.XJS_GetException(tls, ctx)
	defer free(tls, ctx, exc)
	s, ok := toString(tls, ctx, exc)
	if !ok {
		free(tls, ctx, lib.XJS_GetException(tls, ctx))
		return "exception"
	}
	if stack := getProp(tls, ctx, exc, "stack"); stack.Ftag == lib.EJS_TAG_STRING {
		if st, ok := toString(tls, ctx, stack); ok && st != "" {
			s += "\n" + strings.TrimRight(st, "\n")
		}
		free(tls, ctx, stack)
	} else {
		free(tls, ctx, stack)
	}
	return s
}

// stubNormalize names an import while compiling: any unique name does, as
// the stubs are thrown away; the specifier itself is.
func stubNormalize(tls *libc.TLS, ctx, base, name, opaque uintptr) uintptr {
	return lib.Xjs_strdup(tls, ctx, name)
}

// stubLoader hands back an empty module for every import of the module
// being compiled.
func stubLoader(tls *libc.TLS, ctx, name, opaque uintptr, attrs value) uintptr {
	return lib.XJS_NewCModule(tls, ctx, name, fp(stubInit))
}

func stubInit(tls *libc.TLS, ctx, m uintptr) int32 { return 0 }

// ModuleName returns the name QuickJS knows the module at path by, for
// the project directory root (naming.ModuleName).
func ModuleName(root, path string) string { return naming.ModuleName(root, path) }
