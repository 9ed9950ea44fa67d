package a

import "bom/import"
