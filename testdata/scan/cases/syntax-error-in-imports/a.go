package a

import (
	"first/ok"
	"second" x y z
	"third"
)
