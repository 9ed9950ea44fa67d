package a
import "test/import"
