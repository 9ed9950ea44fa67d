// +build ignore

package a
import "plus-ignore/import"
