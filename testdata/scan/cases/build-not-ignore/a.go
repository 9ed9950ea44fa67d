//go:build !ignore

package a

import "not-ignore/import"
