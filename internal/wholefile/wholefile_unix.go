//go:build unix

package wholefile

import (
	"io/fs"
	"os"
	"syscall"
)

func ignoringEINTR(f func() error) error {
	for {
		if err := f(); err != syscall.EINTR {
			return err
		}
	}
}

func read(path string, buf []byte) ([]byte, error) {
	var fd int
	err := ignoringEINTR(func() (err error) {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		return err
	})
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := ignoringEINTR(func() error { return syscall.Fstat(fd, &st) }); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Mode&syscall.S_IFMT == syscall.S_IFDIR {
		return nil, &fs.PathError{Op: "read", Path: path, Err: syscall.EISDIR}
	}
	// One byte more than the size, so that a file of the size fstat told
	// is read in one call and its end seen in the next only if it grew.
	size := int(st.Size) + 1
	if size < 512 {
		size = 512
	}
	if cap(buf) < size {
		buf = make([]byte, 0, size)
	}
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		var n int
		err := ignoringEINTR(func() (err error) {
			n, err = syscall.Read(fd, buf[len(buf):cap(buf)])
			return err
		})
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n == 0 {
			return buf, nil
		}
		buf = buf[:len(buf)+n]
		if int64(len(buf)) == st.Size && st.Size > 0 && st.Mode&syscall.S_IFMT == syscall.S_IFREG {
			// A regular file read to the size fstat gave: done, without
			// the read that would see its end. A file growing as we read
			// it is cut at that size, as a concurrent writer's file may
			// be with any reader; its hash then does not match the next
			// run's read, which reads it again.
			return buf, nil
		}
	}
}

func writeNew(path string, data []byte, perm fs.FileMode) error {
	var fd int
	err := ignoringEINTR(func() (err error) {
		fd, err = syscall.Open(path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, uint32(perm.Perm()))
		return err
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	fail := func(op string, err error) error {
		syscall.Close(fd)
		syscall.Unlink(path)
		return &fs.PathError{Op: op, Path: path, Err: err}
	}
	if op, err := fill(fd, data, perm); err != nil {
		return fail(op, err)
	}
	if err := syscall.Close(fd); err != nil {
		syscall.Unlink(path)
		return &fs.PathError{Op: "close", Path: path, Err: err}
	}
	return nil
}

// fill writes data to the new file fd and gives it mode perm (the umask
// may have taken bits off perm at open). On failure it returns the
// operation that failed.
func fill(fd int, data []byte, perm fs.FileMode) (op string, err error) {
	for b := data; len(b) > 0; {
		var n int
		err := ignoringEINTR(func() (err error) {
			n, err = syscall.Write(fd, b)
			return err
		})
		if err != nil {
			return "write", err
		}
		b = b[n:]
	}
	if err := ignoringEINTR(func() error { return syscall.Fchmod(fd, uint32(perm.Perm())) }); err != nil {
		return "chmod", err
	}
	return "", nil
}

func rename(from, to string) error {
	if err := ignoringEINTR(func() error { return syscall.Rename(from, to) }); err != nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	return nil
}

func remove(path string) { syscall.Unlink(path) }
