package a_test
import ("xtest/import"; "example.com/a")
