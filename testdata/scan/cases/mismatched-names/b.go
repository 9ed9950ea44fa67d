package b
import "name-b/import"
