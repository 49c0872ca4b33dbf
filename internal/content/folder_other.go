//go:build !linux

package content

import "io/fs"

// A folder is a folder of the content opened once, on Linux only: see
// folder_linux.go.
type folder struct{}

func listing(fsys fs.FS) fs.FS                                         { return fsys }
func opensFolders(fs.FS) bool                                          { return false }
func openFolder(fs.FS, string) *folder                                 { return nil }
func (*folder) close()                                                 {}
func (*folder) read(string, *readAhead) ([]byte, bool, error)          { return nil, false, nil }
func (*folder) readAt(string, int64, []byte) (handled bool, err error) { return false, nil }

// A readAhead reads files ahead of the loaders, on Linux only.
type readAhead struct{}

func newReadAhead([]*folder, []entry) *readAhead { return nil }
func (*readAhead) reach(int)                     {}
func (*readAhead) stop()                         {}
