// Package wholefile reads and writes whole small files with as few system
// calls as the operating system allows, into buffers the caller reuses.
//
// bmes reads two files (a source and its sidecar) and writes one for every
// module, tens of thousands per run, so the fixed cost of a file matters
// more than the bytes: os.ReadFile and os.CreateTemp register every file
// with the runtime's poller (an fcntl and a failing epoll_ctl for a regular
// file, about six extra system calls), and os.ReadFile allocates a fresh
// buffer each time. On Unix this package goes to the system calls directly
// (open, fstat, read, close; open, write, fchmod, close, rename); elsewhere
// it uses package os.
package wholefile

import (
	"errors"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"strconv"
)

// Read returns the contents of the file at path, in buf's storage when it
// is large enough (buf[:0] is reused; pass nil for a new buffer).
func Read(path string, buf []byte) ([]byte, error) { return read(path, buf) }

// WriteAtomic stores data at path so that readers see the old file or the
// new one, never a torn one: a temporary file in the same directory, named
// by tempName, then a rename over path. The file ends up with mode perm
// whatever the umask. On failure no temporary file is left behind. There is
// no fsync (see package sidecar for why).
//
// tempName(random) returns the temporary file's base name for a random
// number; a name that exists already is retried with another number, as
// os.CreateTemp does. On Linux a file that does not exist yet is written
// without a temporary name (publishNew).
func WriteAtomic(path string, data []byte, perm fs.FileMode, tempName func(random string) string) error {
	if done, err := publishNew(path, data, perm); done || err != nil {
		return err
	}
	dir := filepath.Dir(path)
	for try := 0; ; try++ {
		tmp := filepath.Join(dir, tempName(strconv.FormatUint(uint64(rand.Uint32()), 10)))
		err := writeNew(tmp, data, perm)
		if errors.Is(err, fs.ErrExist) && try < 10000 {
			continue
		}
		if err != nil {
			return err
		}
		if err := rename(tmp, path); err != nil {
			remove(tmp)
			return err
		}
		return nil
	}
}
