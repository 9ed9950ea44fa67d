// The variables settings are resolved from. They are passed in (by the command line, or by
// the library's entry points, which take process.env when a caller leaves them out), with
// the working directory and the home directory; nothing else reads the process.

/** Environment: variables by name, as process.env holds them (an absent and an empty value are alike). */
export type Environment = Readonly<Record<string, string | undefined>>;
