package content

import (
	"io"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"strings"
	"syscall"
)

// A folder is a folder of the content, opened once through the os.Root
// file system the content was given as, so that its regular files are
// read relative to it with the least system calls: openat, fstat, the
// reads and close. Opening each file through the os.Root (fs.FS's Open)
// takes twice as many: os.Root opens the folder again for each file, and
// os.File sets the file non-blocking, tries to register it with the
// network poller and sets it back.
//
// What os.Root guarantees holds: the folder was opened through it, so it is
// inside the root, and a file is opened as os.Root opens the last element
// of a path, without following a symbolic link (O_NOFOLLOW), so it is in
// the folder. Anything but a regular file read whole is left to readFile:
// a symbolic link (ELOOP), a file gone since the folder was listed, an
// error, so that every problem is reported as readFile reports it.
type folder struct {
	dir *os.File
	// fd is dir's descriptor, open as long as dir is: until close, which
	// LoadHolding calls once every file is read.
	fd int
}

// rootFSType is the type of an os.Root's file system, the only one whose
// folders are opened: it alone is known to open each path as a folder
// and a name in it.
var rootFSType = reflect.TypeOf(new(os.Root).FS())

// opensFolders reports whether openFolder may open folders of fsys.
func opensFolders(fsys fs.FS) bool { return reflect.TypeOf(fsys) == rootFSType }

// openFolder opens the folder dir of fsys, or returns nil when fsys is not
// an os.Root's or the folder cannot be opened: its files are then read
// through fsys.
func openFolder(fsys fs.FS, dir string) *folder {
	if !opensFolders(fsys) {
		return nil
	}
	f, err := fsys.Open(dir)
	if err != nil {
		return nil
	}
	d, ok := f.(*os.File)
	if !ok {
		f.Close()
		return nil
	}
	info, err := d.Stat()
	if err != nil || !info.IsDir() {
		d.Close()
		return nil
	}
	conn, err := d.SyscallConn()
	if err != nil {
		d.Close()
		return nil
	}
	fd := -1
	conn.Control(func(dirfd uintptr) { fd = int(dirfd) })
	if fd < 0 {
		d.Close()
		return nil
	}
	return &folder{dir: d, fd: fd}
}

func (d *folder) close() { d.dir.Close() }

// open opens the regular file name (one element, no '/') in the folder
// and returns its descriptor, which the caller closes, and its size. When
// it cannot, fd is negative, and handled says whether err is the file's
// problem to report (not a regular file) or readFile must look at it.
func (d *folder) open(name string) (fd int, size int64, handled bool, err error) {
	// Not blocking: a named pipe put in a file's place since the folder
	// was listed is refused, not waited on.
	const flags = syscall.O_RDONLY | syscall.O_CLOEXEC | syscall.O_NOFOLLOW | syscall.O_NONBLOCK
	fd, err = syscall.Openat(d.fd, name, flags, 0)
	for err == syscall.EINTR {
		fd, err = syscall.Openat(d.fd, name, flags, 0)
	}
	if err != nil {
		return -1, 0, false, nil
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		syscall.Close(fd)
		return -1, 0, false, nil
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		syscall.Close(fd)
		return -1, 0, true, errNotRegular
	}
	return fd, st.Size, false, nil
}

// read reads the regular file name (one element, no '/') in the folder as
// readFile does, and reports whether it did: when handled is false,
// readFile must read it.
func (d *folder) read(name string) (data []byte, handled bool, err error) {
	fd, size, handled, err := d.open(name)
	if fd < 0 {
		return nil, handled, err
	}
	defer syscall.Close(fd)
	if size > MaxFileSize {
		return nil, true, tooLarge(size)
	}
	data, err = readAll(size, func(p []byte) (int, error) {
		for {
			n, err := syscall.Read(fd, p)
			switch {
			case err == syscall.EINTR:
				continue
			case err != nil:
				return 0, &fs.PathError{Op: "read", Path: name, Err: err}
			case n == 0 && len(p) > 0:
				return 0, io.EOF
			}
			return n, nil
		}
	})
	return data, true, err
}

// listing returns the file system to list the content folder fsys in: for
// an os.Root's, one that reads each folder's entries without looking at
// each entry, which an os.Root's ReadDir does (an lstat for every file).
func listing(fsys fs.FS) fs.FS {
	if !opensFolders(fsys) {
		return fsys
	}
	return listFS{fsys.(fs.StatFS)}
}

// listFS is an os.Root's file system whose ReadDir gives each entry's type
// as the folder's entries give it, as os.File's ReadDir does outside an
// os.Root (it looks at an entry only when the file system does not say
// its type). The folder is still opened through the os.Root. Its entries'
// Info looks at the file by its path, not through the os.Root: listing
// reads only their names and types.
type listFS struct{ fsys fs.StatFS }

func (l listFS) Open(name string) (fs.File, error)     { return l.fsys.Open(name) }
func (l listFS) Stat(name string) (fs.FileInfo, error) { return l.fsys.Stat(name) }

func (l listFS) ReadDir(name string) ([]fs.DirEntry, error) {
	f, err := l.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d, ok := f.(*os.File)
	if !ok {
		return fs.ReadDir(l.fsys, name)
	}
	conn, err := d.SyscallConn()
	if err != nil {
		return fs.ReadDir(l.fsys, name)
	}
	// The folder again, as a file of its own outside the os.Root.
	fd, openErr := -1, error(nil)
	conn.Control(func(dirfd uintptr) {
		for {
			fd, openErr = syscall.Openat(int(dirfd), ".", syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
			if openErr != syscall.EINTR {
				return
			}
		}
	})
	if openErr != nil || fd < 0 {
		return fs.ReadDir(l.fsys, name)
	}
	dir := os.NewFile(uintptr(fd), d.Name())
	defer dir.Close()
	entries, err := dir.ReadDir(-1)
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, err
}

// readAt reads into buf the len(buf) bytes at offset off of the regular
// file name in the folder, which must be off+len(buf) bytes long, and
// reports whether it did: when handled is false, readFile must read it.
func (d *folder) readAt(name string, off int64, buf []byte) (handled bool, err error) {
	fd, size, handled, err := d.open(name)
	if fd < 0 {
		return handled, err
	}
	defer syscall.Close(fd)
	if size != off+int64(len(buf)) {
		return true, errChanged
	}
	for len(buf) > 0 {
		n, err := syscall.Pread(fd, buf, off)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return true, &fs.PathError{Op: "read", Path: name, Err: err}
		case n == 0:
			return true, errChanged
		}
		buf, off = buf[n:], off+int64(n)
	}
	return true, nil
}
