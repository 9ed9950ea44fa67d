package
import "badpkg/import"
