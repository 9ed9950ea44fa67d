package a

import (
	"fmt"
	str "strings"
	. "math"
	_ "embed"
	"example.com/x/y" // comment
)

var _ = Pi
