//go:build ignore
package a_test
import "ignored-test/import"
