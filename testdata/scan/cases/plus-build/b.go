// +build linux,!ignore darwin

package a
import "plus-or/import"
