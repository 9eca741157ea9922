//go:build unix

package writefile

import (
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// writable reports whether the file may be rewritten: it has a write permission bit for
// someone, and the user may write it (root may write any file, so for root the bits decide).
func writable(path string, st fs.FileInfo) bool {
	if st.Mode().Perm()&0o222 == 0 {
		return false
	}
	if os.Geteuid() == 0 {
		return true
	}
	return syscall.Access(path, 2 /* W_OK */) == nil
}

// keepOwner gives the temporary file the owner and group of the file it replaces. Only root
// may give a file away; when the owner can't be kept the error says so.
func keepOwner(f *os.File, old fs.FileInfo) error {
	os1, ok := old.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	st, err := f.Stat()
	if err != nil {
		return err
	}
	ns, ok := st.Sys().(*syscall.Stat_t)
	if !ok || ns.Uid == os1.Uid && ns.Gid == os1.Gid {
		return nil
	}
	if err := f.Chown(int(os1.Uid), int(os1.Gid)); err != nil {
		return fmt.Errorf("it belongs to user %d, group %d, which replacing it would change (pass --force to replace it anyway)", os1.Uid, os1.Gid)
	}
	return nil
}

// syncDir makes the rename durable (best effort: not every file system syncs folders).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

var watchOnce sync.Once

// watchSignals removes the temporary files being written when the process is interrupted
// (Ctrl-C) or terminated, then dies of the same signal, so that the exit status is the usual
// one. It is set up with the first write.
func watchSignals() {
	watchOnce.Do(func() {
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
		go func() {
			sig := <-ch
			removeLive()
			signal.Reset(sig)
			_ = syscall.Kill(os.Getpid(), sig.(syscall.Signal))
		}()
	})
}
