//go:build unix

package wholefile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	var buf []byte
	for _, size := range []int{0, 1, 511, 512, 513, 4096, 1 << 20} {
		want := bytes.Repeat([]byte{'x'}, size)
		p := filepath.Join(dir, "f")
		if err := os.WriteFile(p, want, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, b := range [][]byte{nil, buf, make([]byte, 7, 9)} {
			got, err := Read(p, b)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("size %d: got %d bytes, %v", size, len(got), err)
			}
			buf = got
		}
	}
	if _, err := Read(filepath.Join(dir, "missing"), nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want ErrNotExist", err)
	}
	if _, err := Read(dir, nil); err == nil {
		t.Error("reading a directory succeeded")
	}
}

func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	p := filepath.Join(dir, "a.bmes")
	name := func(r string) string { return ".a.bmes.tmp-" + r }
	for _, data := range []string{"first", "second, longer"} {
		if err := WriteAtomic(p, []byte(data), 0o644, name); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil || string(got) != data {
			t.Fatalf("got %q, %v; want %q", got, err, data)
		}
		fi, _ := os.Stat(p)
		if fi.Mode().Perm() != 0o644 {
			t.Errorf("mode %v, want 0644 whatever the umask", fi.Mode().Perm())
		}
	}
	// A temporary name that exists is retried with another number.
	taken := 0
	err := WriteAtomic(p, []byte("third"), 0o644, func(r string) string {
		if taken < 3 {
			taken++
			os.WriteFile(filepath.Join(dir, ".taken"), nil, 0o644)
			return ".taken"
		}
		return name(r)
	})
	if err != nil || taken != 3 {
		t.Fatalf("retry: %v after %d taken names", err, taken)
	}
	// A failed rename (over a directory) leaves no temporary file.
	if err := os.Mkdir(filepath.Join(dir, "d.bmes"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "d.bmes", "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(filepath.Join(dir, "d.bmes"), []byte("x"), 0o644, name); err == nil {
		t.Fatal("rename over a non-empty directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
	// A directory that does not exist is an error, not a loop.
	if err := WriteAtomic(filepath.Join(dir, "no", "x.bmes"), nil, 0o644, name); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing directory: %v", err)
	}
}
