/* license */
//go:build ignore

package a
import "after-block-line/import"
