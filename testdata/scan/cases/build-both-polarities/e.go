//go:build ignore && linux

package a
import "ignore-and/import"
