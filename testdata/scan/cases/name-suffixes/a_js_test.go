package a
import "js-test/import"
