//go:build !linux

package a
import "not-linux/import"
