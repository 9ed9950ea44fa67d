package a
import "iw/one"
imports "iw/two"
