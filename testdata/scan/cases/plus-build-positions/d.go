// +buildignore

package a
import "plus-joined/import"
