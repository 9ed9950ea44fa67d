//go:build !(ignore)

package a
import "not-paren-ignore/import"
