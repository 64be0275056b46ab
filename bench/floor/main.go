// Command floor measures what bmes-precompile's work costs at least, for
// bench/precompile.sh to compare against in the same run. It reads a file
// list (one path a line) on stdin and does one of:
//
//	floor readhash   open, read and xxhash every file once (a no-op run's floor)
//	floor transform  esbuild's Transform alone on every file, with the options
//	                 bmes gives it (loader by extension, Sourcefile, decorators
//	                 lowered, the nearest tsconfig.json's compilerOptions, an
//	                 external source map without the sources)
//	floor write      write a 2 KiB file beside every file atomically (temporary
//	                 file in the same directory, then rename), as sidecars are
//	                 written; the files are removed afterwards, off the clock
//
// with -j workers (default GOMAXPROCS), and prints the wall time in seconds.
// It runs its collector as bmes-precompile does (GOGC 200 unless GOGC is
// set: cmd/bmes-precompile's gcPercent), so that a comparison measures the
// work and not two collector settings.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/evanw/esbuild/pkg/api"
)

// gcPercent is cmd/bmes-precompile's gcPercent.
const gcPercent = 200

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	jobs := flag.Int("j", runtime.GOMAXPROCS(0), "workers")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: floor [-j N] readhash|transform < list")
		os.Exit(2)
	}
	var files []string
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		if f := strings.TrimSpace(sc.Text()); f != "" {
			files = append(files, f)
		}
	}
	var work func(string) error
	switch flag.Arg(0) {
	case "readhash":
		work = readHash
	case "transform":
		work = transform
	case "write":
		work = writeAtomic
		defer func() {
			for _, f := range files {
				os.Remove(f + floorExt)
			}
		}()
	default:
		fmt.Fprintln(os.Stderr, "floor: unknown mode", flag.Arg(0))
		os.Exit(2)
	}
	start := time.Now()
	var next atomic.Int64
	var failed atomic.Int64
	var sink atomic.Uint64
	var wg sync.WaitGroup
	for range *jobs {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(files) {
					return
				}
				if err := work(files[i]); err != nil {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	_ = sink.Load()
	fmt.Printf("%.3f\n", time.Since(start).Seconds())
	defer os.Stdout.Sync()
	if n := failed.Load(); n > 0 {
		fmt.Fprintf(os.Stderr, "floor: %d of %d files failed\n", n, len(files))
	}
}

var hashSink atomic.Uint64

func readHash(p string) error {
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	hashSink.Add(xxhash.Sum64(b))
	return nil
}

// tsconfigs caches the compilerOptions text per directory, as bmes does, so
// that the floor is the transform and not the lookup.
var tsconfigs sync.Map

func tsconfigFor(dir string) string {
	if v, ok := tsconfigs.Load(dir); ok {
		return v.(string)
	}
	raw := ""
	if b, err := os.ReadFile(filepath.Join(dir, "tsconfig.json")); err == nil {
		raw = string(b)
	} else if parent := filepath.Dir(dir); parent != dir {
		raw = tsconfigFor(parent)
	}
	tsconfigs.Store(dir, raw)
	return raw
}

func transform(p string) error {
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	loader := api.LoaderTS
	switch filepath.Ext(p) {
	case ".tsx":
		loader = api.LoaderTSX
	case ".jsx":
		loader = api.LoaderJSX
	case ".js", ".mjs":
		loader = api.LoaderJS
	}
	abs, _ := filepath.Abs(p)
	res := api.Transform(string(b), api.TransformOptions{
		Loader:      loader,
		Sourcefile:  abs,
		TsconfigRaw: tsconfigFor(filepath.Dir(abs)),
		Supported:   map[string]bool{"decorators": false},
		// As bmes asks for it (internal/analyze's transform): the source
		// map of the output, which sidecars carry.
		Sourcemap:      api.SourceMapExternal,
		SourcesContent: api.SourcesContentExclude,
	})
	if len(res.Errors) > 0 {
		return fmt.Errorf("%s: %s", p, res.Errors[0].Text)
	}
	hashSink.Add(uint64(len(res.Code)))
	return nil
}

// floorExt names the files floor write creates.
const floorExt = ".floor-write"

var payload = make([]byte, 2048)

func writeAtomic(p string) error {
	dir, base := filepath.Split(p)
	f, err := os.CreateTemp(dir, "."+base+floorExt+".tmp-*")
	if err != nil {
		return err
	}
	if _, err := f.Write(payload); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), p+floorExt)
}
