// The facts of the running process that settings and relative paths are resolved from.
// They are passed in (by the command line, or by the library's entry points, which take
// them from the process when a caller leaves them out); nothing else reads the process.

/** Environment: variables by name, as process.env holds them (an absent and an empty value are alike). */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * HostContext is what a run is resolved against: the variables, the working directory
 * (relative paths and the paths in messages are taken against it) and the home directory
 * used when $HOME is empty.
 */
export interface HostContext {
  env: Environment;
  cwd: string;
  home: string;
}
