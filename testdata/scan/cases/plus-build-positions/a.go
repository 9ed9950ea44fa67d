// +build ignore
// +build linux

// +build darwin
package a
import "plus-stacked/import"
