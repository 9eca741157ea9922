package main

import (
	"os"
	"syscall"
	"unsafe"
)

// fileIsTerminal asks the kernel for f's terminal settings, which only a terminal has: a
// character device like /dev/null is not one.
func fileIsTerminal(f *os.File) bool {
	var settings syscall.Termios
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&settings)))
	return errno == 0
}
