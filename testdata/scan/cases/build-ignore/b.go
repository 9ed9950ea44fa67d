package a

import "kept/import"
