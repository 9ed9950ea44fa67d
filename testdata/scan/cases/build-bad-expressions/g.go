//go:build é_ok

package a
import "unicode-tag/import"
