/*
//go:build ignore
*/

package a
import "in-block/import"
