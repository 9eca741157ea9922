//go:build !linux

package main

import "os"

// fileIsTerminal guesses from the file mode where the kernel can't be asked the same way as on
// Linux: a character device other than the null device.
func fileIsTerminal(f *os.File) bool {
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(st, null)
}
