//go:build !linux

package main

import (
	"errors"
	"os"
)

func openPTY() (*os.File, error) { return nil, errors.New("only opened on Linux") }
