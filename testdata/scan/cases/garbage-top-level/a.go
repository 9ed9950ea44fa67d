package a
import "g/one"
x := 1
import "g/two"
