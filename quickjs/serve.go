package quickjs

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/bmesjs/bmes/quickjs/qjsc/wire"
)

// Serve compiles modules for a tool that does not link QuickJS (package
// qjsc, which bmes-precompile -engine quickjs uses): it writes a hello
// frame with this build's tag and conditions, then answers each request
// frame (module name, code) with the payload or the compile error, until r
// ends. bmes-run -compile-server runs it on stdin and stdout.
func Serve(r io.Reader, w io.Writer) error {
	c, err := NewCompiler()
	if err != nil {
		return err
	}
	defer c.Close()
	bw := bufio.NewWriter(w)
	hello, err := json.Marshal(wire.Hello{Engine: tag.Engine, Version: tag.Version, Conditions: DefaultConditions})
	if err != nil {
		return err
	}
	if err := wire.WriteFrame(bw, wire.OK, hello); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	br := bufio.NewReader(r)
	for {
		name, code, err := wire.ReadRequest(br)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("compile server: %w", err)
		}
		p, cerr := c.Compile(name, code)
		if cerr != nil {
			err = wire.WriteFrame(bw, wire.Failed, []byte(cerr.Error()))
		} else {
			err = wire.WriteFrame(bw, wire.OK, p)
		}
		if err == nil {
			err = bw.Flush()
		}
		if err != nil {
			return err
		}
	}
}
