// +build !!x

package a
import "plus-double-bang/import"
