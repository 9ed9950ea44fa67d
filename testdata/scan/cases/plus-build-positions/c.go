//+build ignore

package a
import "plus-no-space/import"
