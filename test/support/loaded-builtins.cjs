// Preloaded (node --require) by test/cli/lazy-builtins.test.ts: at exit, writes the names of
// Node's own modules the process loaded, one per line, to $LOADED_BUILTINS_FILE.
const { writeFileSync } = require("node:fs");
const file = process.env.LOADED_BUILTINS_FILE;
process.on("exit", () => {
  const names = process.moduleLoadList.filter((m) => m.startsWith("NativeModule ")).map((m) => m.slice("NativeModule ".length));
  writeFileSync(file, names.join("\n") + "\n");
});
