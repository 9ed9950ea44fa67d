package a
import "linux-arm64/import"
