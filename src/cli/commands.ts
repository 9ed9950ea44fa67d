// The names the first argument may take to mean a command instead of a directory.
//
// `gotidy-ts [flags] [dir...]` tidies; `gotidy-ts <command> [args...]` runs a command.
// Only the first argument is looked up here: a name anywhere else is a directory, and a
// directory that has a command's name is named with a path (./doctor) or after `--`.
// A name is reserved before its command exists, so that adding the command later
// changes the meaning of no command line.

export interface CommandInfo {
  name: string;
  /** The arguments, as the usage line shows them. */
  args: string;
  summary: string;
  /** Reserved for a later version: the name is taken, the command not there yet. */
  reserved?: boolean;
  /** More lines for `gotidy-ts help <command>`. */
  details?: string;
}

export const commands: readonly CommandInfo[] = [
  { name: "help", args: "[command]", summary: "print this help, or a command's" },
  { name: "version", args: "", summary: "print the version of gotidy-ts" },
  { name: "doctor", args: "[-x] [--json] [--timeout duration] [module[@version]...]", summary: "check the module network: settings, GOPROXY entries, the checksum database, the module cache",
    details: "  --json               one object per check (class, evidence, fix)\n" +
      "  -x                   print every request\n" +
      "  --timeout duration   how long to wait for each request (30s, 500ms, 2m); default 30s, or GOTIDY_TIMEOUT\n" +
      "Exit status: 0 when every check passes, 1 when one fails, 2 on bad usage." },
  { name: "cache", args: "[clean] [--json]", summary: "show where gotidy-ts's cache (GOTIDYCACHE) is and its size; clean empties it" },
];

/** commandNamed returns the command a first argument names, or undefined for a directory or flag. */
export function commandNamed(arg: string | undefined): CommandInfo | undefined {
  return commands.find((c) => c.name === arg);
}

/** commandsHelp is the part of --help that lists the commands and how to name such a directory. */
export function commandsHelp(): string {
  const width = Math.max(...commands.map((c) => `${c.name} ${c.args}`.trim().length)) + 2;
  const lines = commands.map((c) => `  ${`${c.name} ${c.args}`.trim().padEnd(width)}${c.summary}`);
  return [
    "",
    "Commands (only as the first argument):",
    ...lines,
    "",
    "A directory named like a command is named as a path: gotidy-ts ./doctor (or gotidy-ts -- doctor).",
  ].join("\n");
}
