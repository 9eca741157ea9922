//go:build !unix

package writefile

import (
	"io/fs"
	"os"
	"os/signal"
	"sync"
)

// writable reports whether the file has a write permission bit (the read-only attribute
// clears them all).
func writable(_ string, st fs.FileInfo) bool { return st.Mode().Perm()&0o222 != 0 }

// keepOwner has nothing to keep where files have no Unix owner.
func keepOwner(*os.File, fs.FileInfo) error { return nil }

// syncDir is a no-op where folders can't be synced.
func syncDir(string) {}

var watchOnce sync.Once

// watchSignals removes the temporary files being written on an interrupt, then exits with the
// status of one.
func watchSignals() {
	watchOnce.Do(func() {
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, os.Interrupt)
		go func() {
			<-ch
			removeLive()
			os.Exit(130)
		}()
	})
}
