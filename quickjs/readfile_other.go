//go:build !unix

package quickjs

import "os"

// readFile is os.ReadFile where readfile_unix.go's fewer system calls do
// not apply.
func readFile(path string) ([]byte, error) { return os.ReadFile(path) }

func readFileInto(path string, alloc func(n int) []byte) ([]byte, error) { return os.ReadFile(path) }
