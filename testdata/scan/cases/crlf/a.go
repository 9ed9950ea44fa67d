//go:build !ignore

package a

import (
	"crlf/one"
	"crlf/two"
)
