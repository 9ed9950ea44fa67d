//go:build linux && !linux

package a
import "contradiction/import"
