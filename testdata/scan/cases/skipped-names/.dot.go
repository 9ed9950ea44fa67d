package a
import "dot/import"
