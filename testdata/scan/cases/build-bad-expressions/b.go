//go:build linux
//go:build darwin

package a
import "twice/import"
