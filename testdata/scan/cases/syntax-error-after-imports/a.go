package a

import "before/error"

func f( {
	this is not go
}
import "never/seen"
