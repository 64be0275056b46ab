//go:build !unix

package wholefile

import (
	"io/fs"
	"os"
)

func read(path string, buf []byte) ([]byte, error) { return os.ReadFile(path) }

func writeNew(path string, data []byte, perm fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

func rename(from, to string) error { return os.Rename(from, to) }

func remove(path string) { os.Remove(path) }
