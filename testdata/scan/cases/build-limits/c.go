//go:build ( linux	)&&!windows

package a
import "spaced/import"
