//go:build lin-ux

package a
import "bad-tag-char/import"
