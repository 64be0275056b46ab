package quickjs

import (
	"sync"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/quickjs/naming"
)

// Engine is QuickJS for bmes-precompile and the esbuild plugin: it names
// modules as the Runtime will and compiles them, from any number of
// goroutines at once (each on a Compiler of its own, kept for reuse).
type Engine struct {
	namer      *naming.Namer
	conditions []string

	mu   sync.Mutex
	idle []*Compiler // Compilers not in use; their QuickJS memory is not Go's, so they are kept, not dropped
}

// NewEngine returns the QuickJS engine. root is the project directory
// module names are relative to; "" finds it for each module as the Runtime
// finds it for its entry point (ProjectDir). conditions are the package.json
// conditions of the Runtime that will load the modules (nil:
// DefaultConditions), so that bmes-precompile -deps also follows bare
// imports as that Runtime resolves them.
func NewEngine(root string, conditions []string) *Engine {
	if conditions == nil {
		conditions = DefaultConditions
	}
	return &Engine{namer: naming.NewNamer(root), conditions: conditions}
}

// Tag returns this build's engine tag.
func (e *Engine) Tag() format.EngineTag { return tag }

// Conditions returns the Runtime's package.json conditions.
func (e *Engine) Conditions() []string { return e.conditions }

// ModuleName returns the name the Runtime gives the module at the absolute
// path. root is the directory the build tool was given, the project
// directory when no package.json names one.
func (e *Engine) ModuleName(path, root string) string { return e.namer.Name(path, root) }

// Compile compiles code under name and returns the QuickJS payload.
func (e *Engine) Compile(name string, code []byte) ([]byte, error) {
	e.mu.Lock()
	var c *Compiler
	if n := len(e.idle); n > 0 {
		c, e.idle = e.idle[n-1], e.idle[:n-1]
	}
	e.mu.Unlock()
	if c == nil {
		var err error
		if c, err = NewCompiler(); err != nil {
			return nil, err
		}
	}
	p, err := c.Compile(name, code)
	e.mu.Lock()
	e.idle = append(e.idle, c) // a Compiler is reusable after an error too
	e.mu.Unlock()
	return p, err
}

// Close frees the engine's compilers. The engine may still be used after;
// it then makes new ones.
func (e *Engine) Close() {
	e.mu.Lock()
	idle := e.idle
	e.idle = nil
	e.mu.Unlock()
	for _, c := range idle {
		c.Close()
	}
}
