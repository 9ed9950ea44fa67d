//line foo.go:1
package a

//line bar.go:10
import "line/import"
