package a

import (
	`example.com/raw`
	"example.com/\x65sc"
	"example.com/\u00e9"
)
