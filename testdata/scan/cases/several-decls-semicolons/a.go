package a; import "a1"; import ("a2"; "a3"); import b "a4"
import /* c */ "a5"
// between
import "a6"
func f() {}
import "after-func"
