//go:build ignore || linux

package a
import "ignore-or/import"
