//go:buildignore

package a
import "not-a-go-build-line/import"
