// Package qjsc compiles modules to QuickJS bytecode through bmes-run
// processes (bmes-run -compile-server), so that bmes-precompile need not
// link QuickJS: the engine is a large package to build, and the tool's
// first run on a fresh machine stays quick. The bytecode comes from the
// very build that will run it, and its tag and conditions from the server's
// hello. An Engine satisfies precompile.Engine.
package qjsc

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/quickjs/naming"
	"github.com/bmesjs/bmes/quickjs/qjsc/wire"
)

// Env names the environment variable that gives the bmes-run to use.
const Env = "BMES_RUN"

// Find returns the bmes-run to start: $BMES_RUN, else bmes-run beside the
// running executable, else bmes-run on PATH.
func Find() (string, error) {
	if p := os.Getenv(Env); p != "" {
		return p, nil
	}
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), "bmes-run")
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	p, err := exec.LookPath("bmes-run")
	if err != nil {
		return "", errors.New("-engine quickjs compiles through bmes-run, which was not found beside bmes-precompile or on PATH " +
			"(go install github.com/bmesjs/bmes/cmd/bmes-run@latest, or set " + Env + ")")
	}
	return p, nil
}

// Engine compiles through a pool of bmes-run processes, one per module
// compiled at once.
type Engine struct {
	bin   string
	namer *naming.Namer
	hello wire.Hello

	mu   sync.Mutex
	idle []*server
	all  []*server
}

type server struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	w   *bufio.Writer
	r   *bufio.Reader
}

// New starts one bmes-run compile server (more start as needed) and returns
// the engine. root is as for quickjs.NewEngine.
func New(bin, root string) (*Engine, error) {
	e := &Engine{bin: bin, namer: naming.NewNamer(root)}
	s, hello, err := e.start()
	if err != nil {
		return nil, err
	}
	e.hello = hello
	e.idle = []*server{s}
	return e, nil
}

func (e *Engine) start() (*server, wire.Hello, error) {
	cmd := exec.Command(e.bin, "-compile-server")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, wire.Hello{}, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, wire.Hello{}, err
	}
	if err := cmd.Start(); err != nil {
		return nil, wire.Hello{}, fmt.Errorf("starting %s: %w", e.bin, err)
	}
	s := &server{cmd: cmd, in: in, w: bufio.NewWriter(in), r: bufio.NewReader(out)}
	e.mu.Lock()
	e.all = append(e.all, s)
	e.mu.Unlock()
	var h wire.Hello
	status, body, err := wire.ReadFrame(s.r)
	if err == nil && status == wire.OK {
		err = json.Unmarshal(body, &h)
	}
	if err != nil || status != wire.OK || h.Engine == "" {
		return nil, h, fmt.Errorf("%s -compile-server did not answer as a QuickJS compile server (%v)", e.bin, err)
	}
	return s, h, nil
}

// Tag returns the tag of the server's QuickJS build.
func (e *Engine) Tag() format.EngineTag {
	return format.EngineTag{Engine: e.hello.Engine, Version: e.hello.Version}
}

// Conditions returns the conditions bmes-run resolves bare imports with.
func (e *Engine) Conditions() []string { return e.hello.Conditions }

// ModuleName returns the name bmes-run gives the module at path. root is the
// directory bmes-precompile was given, the project directory when no
// package.json names one.
func (e *Engine) ModuleName(path, root string) string { return e.namer.Name(path, root) }

// Compile compiles code under name on an idle server, starting one if
// none is idle.
func (e *Engine) Compile(name string, code []byte) ([]byte, error) {
	e.mu.Lock()
	var s *server
	if n := len(e.idle); n > 0 {
		s, e.idle = e.idle[n-1], e.idle[:n-1]
	}
	e.mu.Unlock()
	if s == nil {
		var h wire.Hello
		var err error
		if s, h, err = e.start(); err != nil {
			return nil, err
		}
		if h.Engine != e.hello.Engine || h.Version != e.hello.Version {
			return nil, fmt.Errorf("%s changed while running: tag %q, was %q", e.bin, h.Version, e.hello.Version)
		}
	}
	err := wire.WriteRequest(s.w, name, code)
	if err == nil {
		err = s.w.Flush()
	}
	var status byte
	var body []byte
	if err == nil {
		status, body, err = wire.ReadFrame(s.r)
	}
	if err != nil {
		// A broken server is dropped, not reused.
		s.in.Close()
		s.cmd.Wait()
		return nil, fmt.Errorf("QuickJS compile server: %w", err)
	}
	e.mu.Lock()
	e.idle = append(e.idle, s)
	e.mu.Unlock()
	if status != wire.OK {
		return nil, errors.New(string(body))
	}
	return body, nil
}

// Close ends the servers.
func (e *Engine) Close() {
	e.mu.Lock()
	all := e.all
	e.all, e.idle = nil, nil
	e.mu.Unlock()
	for _, s := range all {
		s.in.Close()
		s.cmd.Wait()
	}
}
