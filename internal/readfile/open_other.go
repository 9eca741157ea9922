//go:build !unix

package readfile

import "os"

// openNonBlocking opens path for reading; systems other than Unix have no named pipes in the
// file system to block on.
func openNonBlocking(path string) (*os.File, error) {
	return os.Open(path)
}
