//go:build unix

package output

import (
	"os"
	"syscall"
)

// canLock tells that lock works here.
const canLock = true

// lock takes an exclusive lock on f, the marker of a staging folder, held
// until f is closed or the process ends however it ends: a folder whose
// marker cannot be locked belongs to a build under way.
func lock(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
