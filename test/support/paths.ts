// Where the package's own files are, for tests and the scripts in test/scripts.

import { fileURLToPath } from "node:url";

/** root is the package's directory (the one holding package.json), with a trailing separator. */
export const root = fileURLToPath(new URL("../../", import.meta.url));
