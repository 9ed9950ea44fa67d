package a_test
import "only/test"
