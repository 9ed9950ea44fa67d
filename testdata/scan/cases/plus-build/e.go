// Copyright

// +build ignore

// doc
package a
import "plus-later-block/import"
