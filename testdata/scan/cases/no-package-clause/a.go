import "nopkg/import"
