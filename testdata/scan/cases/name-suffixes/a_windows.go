package a
import "windows/import"
