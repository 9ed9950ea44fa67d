package a
// café
import "utf8/ÿ"
import "utf8/ok"
