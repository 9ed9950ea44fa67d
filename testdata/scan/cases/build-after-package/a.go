package a

//go:build ignore

import "after-package/import"
