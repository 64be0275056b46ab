//go:build !unix

package precompile

import "time"

func cpuTime() (time.Duration, bool) { return 0, false }
