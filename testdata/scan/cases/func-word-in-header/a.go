package a

import (
	"fw/one"
/*
func fake() {}
*/
	"fw/two"
)
const x = `
func y
`
import "fw/never"
