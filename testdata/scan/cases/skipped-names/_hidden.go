package a
import "underscore/import"
