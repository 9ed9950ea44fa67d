//go:build linux // comment

package a
import "trailing-comment/import"
