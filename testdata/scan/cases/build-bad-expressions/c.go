//go:build !!linux

package a
import "double-neg/import"
