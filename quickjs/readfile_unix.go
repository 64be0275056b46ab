//go:build unix

package quickjs

import (
	"io/fs"
	"os"
	"syscall"
)

// readFile is os.ReadFile with fewer system calls, for the two files read
// per module (source and sidecar): open, fstat, one read of the whole file,
// close. An os.File also registers with the runtime's poller and sets the
// descriptor non-blocking, which a regular file does not need, and
// os.ReadFile reads once more to see the end; for a graph of hundreds of
// small modules those calls were a third of the loader's time. Errors are
// *fs.PathError values, as os.ReadFile's.
func readFile(path string) ([]byte, error) { return readFileInto(path, makeBytes) }

func makeBytes(n int) []byte { return make([]byte, n) }

// readFileInto is readFile with the buffer from alloc, which returns a
// slice of n bytes (not necessarily zeroed).
func readFileInto(path string, alloc func(n int) []byte) ([]byte, error) {
	fd, err := openFile(path)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		// A FIFO, device or directory: the general path copes.
		return os.ReadFile(path)
	}
	b := alloc(int(st.Size))
	for n := 0; n < len(b); {
		k, err := syscall.Read(fd, b[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if k == 0 { // the file shrank while it was read
			return b[:n], nil
		}
		n += k
	}
	return b, nil
}

func openFile(path string) (int, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}
