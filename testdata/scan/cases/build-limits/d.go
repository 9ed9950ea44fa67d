//go:build ٣٤ && x²

package a
import "unicode-digits/import"
