

// +build ignore


package a
import "plus-after-blanks/import"
