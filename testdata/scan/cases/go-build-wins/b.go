// +build linux
//go:build ignore

package a
import "gobuild-ignore-wins/import"
