/* x */ //go:build ignore

package a
import "after-block-same-line/import"
