// +build ignore
package a
import "plus-no-blank-line/import"
