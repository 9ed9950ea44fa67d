//go:build !(linux && ignore)

package a
import "not-and-ignore/import"
