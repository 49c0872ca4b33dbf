//go:build !unix

package output

import "os"

// canLock tells that lock does nothing here, where there is no flock: a
// staging folder is then taken for one a killed build left once it is an
// hour old (see stale).
const canLock = false

func lock(f *os.File) error { return nil }
