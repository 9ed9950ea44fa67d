//go:build linux

package a
import "linux/import"
