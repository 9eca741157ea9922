package main

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// openPTY opens a new pseudo-terminal and returns its terminal side and its controlling side,
// from which what is written to the terminal can be read.
func openPTY() (tty, ctl *os.File, err error) {
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		return nil, nil, err
	}
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, ptmx.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		ptmx.Close()
		return nil, nil, e
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, ptmx.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		ptmx.Close()
		return nil, nil, e
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		ptmx.Close()
		return nil, nil, err
	}
	return tty, ptmx, nil
}

// typeLines types into a terminal the way a person does at a prompt that edits lines: once the
// program has put the terminal in raw mode to read (typed earlier, the kernel's line discipline
// would take Ctrl-D and the arrows for itself). What is typed ahead of later prompts waits in
// the terminal until they read it. It runs in the background; errors end the test.
func typeLines(t *testing.T, tty, ctl *os.File, chunks ...string) {
	t.Helper()
	go func() {
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
			st, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
			if err == nil && st.Lflag&unix.ICANON == 0 {
				ctl.Write([]byte(strings.Join(chunks, "")))
				return
			}
		}
	}()
}
