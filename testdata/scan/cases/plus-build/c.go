// +build !ignore

package a
import "plus-not-ignore/import"
