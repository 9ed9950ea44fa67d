// Options of the test scripts' command lines ("--name value").

/** option is the value after --name on the command line, or dflt when --name is not given. */
export function option(name, dflt) {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
}
