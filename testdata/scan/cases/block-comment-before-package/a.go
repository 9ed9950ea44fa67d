/* license
   text */
package a

import "block/import"
