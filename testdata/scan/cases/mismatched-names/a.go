package a
import "name-a/import"
