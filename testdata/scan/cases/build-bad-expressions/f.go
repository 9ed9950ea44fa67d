//go:build

package a
import "empty-expr/import"
