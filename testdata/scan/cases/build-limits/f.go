   //go:build ignore

package a
import "indented/import"
