package a
import "pkg/import"
