//go:build !linux

package main

import (
	"errors"
	"os"
)

func openPTY() (tty, ctl *os.File, err error) { return nil, nil, errors.New("only opened on Linux") }
