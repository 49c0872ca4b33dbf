package content

import (
	"io"
	"io/fs"
	"os"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"golang.org/x/sys/unix"
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
// readFile must read it. While ahead probes, the first read does not wait
// for the disk: a file that is not in the page cache tells ahead to start.
func (d *folder) read(name string, ahead *readAhead) (data []byte, handled bool, err error) {
	fd, size, handled, err := d.open(name)
	if fd < 0 {
		return nil, handled, err
	}
	defer syscall.Close(fd)
	if size > MaxFileSize {
		return nil, true, tooLarge(size)
	}
	off, probe := int64(0), ahead.probing()
	data, err = readAll(size, func(p []byte) (int, error) {
		for {
			var n int
			var err error
			if probe {
				probe = false
				n, err = readNoWait(fd, p, off)
				if err != nil {
					// EAGAIN: not in the page cache. Anything else
					// (a file system that cannot tell, a kernel
					// without preadv2, a filter on system calls)
					// is left to the plain read to report, if it
					// is an error at all.
					ahead.probed(err == syscall.EAGAIN)
					continue
				}
			} else {
				n, err = syscall.Pread(fd, p, off)
			}
			switch {
			case err == syscall.EINTR:
				continue
			case err != nil:
				return 0, &fs.PathError{Op: "read", Path: name, Err: err}
			case n == 0 && len(p) > 0:
				return 0, io.EOF
			}
			off += int64(n)
			return n, nil
		}
	})
	return data, true, err
}

// readNoWait reads as pread does, but only what the page cache holds: it
// fails with EAGAIN rather than wait for the disk.
var readNoWait = func(fd int, p []byte, off int64) (int, error) {
	return unix.Preadv2(fd, [][]byte{p}, off, unix.RWF_NOWAIT)
}

// willNeed asks the kernel to read the regular file name (one element, no
// '/') in the folder into the page cache, without waiting for it. It is
// only a hint: a file it cannot open is left for read to report.
func (d *folder) willNeed(name string) {
	const flags = syscall.O_RDONLY | syscall.O_CLOEXEC | syscall.O_NOFOLLOW | syscall.O_NONBLOCK
	fd, err := syscall.Openat(d.fd, name, flags, 0)
	if err != nil {
		return
	}
	unix.Fadvise(fd, 0, 0, unix.FADV_WILLNEED)
	syscall.Close(fd)
}

// readAheadWindow bounds how many files ahead of the loaders readAhead
// asks for: hundreds of reads in flight keep a disk busy, and a thousand
// articles (8 MB) is too few to push out of the page cache what is still
// to be read.
const readAheadWindow = 1024

// A readAhead asks the kernel to read the content's files ahead of the
// loaders, once one of them is found not to be in the page cache: content
// the system has not read for a while (after a restart, or pushed out by
// other work) is then read from the disk many files at a time, instead of
// one file for each loader waiting on it. A loader's read holds its
// processor while it waits, so a handful of loaders keep only a handful of
// reads in flight. Content in the page cache costs nothing more: the
// loaders' first read of each file (preadv2 with RWF_NOWAIT) is the probe.
type readAhead struct {
	folders []*folder
	entries []entry
	// probe is set while the loaders look whether each file is in the
	// page cache: until one is not, or the file system cannot tell.
	probe    atomic.Bool
	cold     chan struct{} // closed when a file is found not to be in the page cache
	coldOnce sync.Once
	reached  atomic.Int64  // the last file handed to a loader
	wake     chan struct{} // the dispatcher's nudge, once cold
	done     chan struct{} // closed by stop
	finished chan struct{} // closed when run returns
	asked    int           // files asked for, read once finished is closed
}

// newReadAhead returns the read-ahead of entries, whose open folders are
// folders, running until stop; nil when no folder is open.
func newReadAhead(folders []*folder, entries []entry) *readAhead {
	if folders == nil {
		return nil
	}
	ra := &readAhead{
		folders:  folders,
		entries:  entries,
		cold:     make(chan struct{}),
		wake:     make(chan struct{}, 1),
		done:     make(chan struct{}),
		finished: make(chan struct{}),
	}
	ra.probe.Store(true)
	ra.reached.Store(-1)
	go ra.run()
	return ra
}

func (ra *readAhead) run() {
	defer close(ra.finished)
	select {
	case <-ra.cold:
	case <-ra.done:
		return
	}
	for i := 0; ; i++ {
		// Never behind the loaders: a file handed to one is being read.
		i = max(i, int(ra.reached.Load())+1)
		if i >= len(ra.entries) {
			return
		}
		for i > int(ra.reached.Load())+readAheadWindow {
			select {
			case <-ra.wake:
			case <-ra.done:
				return
			}
		}
		if d := ra.folders[i]; d != nil && ra.entries[i].regular {
			d.willNeed(path.Base(ra.entries[i].path))
			ra.asked++
		}
	}
}

// probing reports whether a loader's first read of a file is to look
// whether it is in the page cache.
func (ra *readAhead) probing() bool { return ra != nil && ra.probe.Load() }

// probed is told that a probe found a file not in the page cache (cold),
// or could not tell: either way probing stops.
func (ra *readAhead) probed(cold bool) {
	ra.probe.Store(false)
	if cold {
		ra.coldOnce.Do(func() { close(ra.cold) })
	}
}

// reach is told that file i is being handed to a loader.
func (ra *readAhead) reach(i int) {
	if ra == nil {
		return
	}
	ra.reached.Store(int64(i))
	if !ra.probe.Load() {
		select {
		case ra.wake <- struct{}{}:
		default:
		}
	}
}

// stop ends the read-ahead and waits for it, so that its folders can be
// closed.
func (ra *readAhead) stop() {
	if ra == nil {
		return
	}
	close(ra.done)
	<-ra.finished
	if testHookReadAhead != nil {
		testHookReadAhead(ra.asked)
	}
}

// testHookReadAhead, when set, is told how many files each read-ahead
// asked for.
var testHookReadAhead func(asked int)

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
