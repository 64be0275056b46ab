//go:build !linux

package wholefile

import "io/fs"

// publishNew is wholefile_linux.go's unnamed-file write, which only Linux
// has: false sends every write the portable way.
func publishNew(path string, data []byte, perm fs.FileMode) (bool, error) { return false, nil }
