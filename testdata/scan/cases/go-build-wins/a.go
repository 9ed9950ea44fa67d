//go:build linux
// +build ignore

package a
import "gobuild-wins/import"
