package a

/*
#include <stdio.h>
#cgo LDFLAGS: -lm
*/
import "C"

import "cgo/other"
