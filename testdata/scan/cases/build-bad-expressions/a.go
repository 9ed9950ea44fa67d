//go:build linux &&

package a
import "bad1/import"
