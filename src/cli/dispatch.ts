// Which command a command line runs: a command named by the first argument (commands.ts),
// or else the tidy command with every argument. Errors that end a run are printed here
// and turned into its exit status (exit.ts).
//
// What a command needs is loaded when it runs (import(), which the command line's bundle
// turns into code run on first use): the tidy command (argument parsing with commander,
// fetching, loading, tidying) is not loaded for version, --version or a reserved name,
// and help loads only the argument parser.

import { CommandInfo, commandNamed } from "./commands.js";
import type { CliContext } from "./context.js";
import { errorExitStatus, exitStatus, isCommanderError, ok, Outcome, UsageError } from "./exit.js";
import { internalMessage } from "./messages.js";
import { packageVersion } from "./version.js";

/** A command's work: its arguments in, an outcome out; a bad command line throws UsageError. */
type CommandRun = (args: string[], ctx: CliContext) => Outcome | Promise<Outcome | number>;

function noArguments(name: string, args: string[]): void {
  if (args.length > 0) throw new UsageError(`gotidy-ts ${name}: unexpected argument ${args[0]}\nusage: gotidy-ts ${name}`);
}

function reservedCommand(info: CommandInfo): UsageError {
  return new UsageError(
    `gotidy-ts ${info.name}: not available in this version of gotidy-ts\n` +
    `\thint: to tidy the directory ${info.name}, name it as a path: gotidy-ts ./${info.name}`,
  );
}

const help: CommandRun = async (args, ctx) => {
  if (args.length === 0) {
    const { tidyProgram } = await import("./args.js");
    tidyProgram(ctx).outputHelp();
    return ok;
  }
  const info = commandNamed(args[0]);
  if (!info || args.length > 1) throw new UsageError(`gotidy-ts help ${args.join(" ")}: unknown command. Run 'gotidy-ts help'.`);
  if (info.reserved) throw reservedCommand(info);
  ctx.stdout.write(`usage: gotidy-ts ${`${info.name} ${info.args}`.trim()}\n\n${info.summary}\n${info.details ? `\n${info.details}\n` : ""}`);
  return ok;
};

const version: CommandRun = (args, ctx) => {
  noArguments("version", args);
  ctx.stdout.write(packageVersion() + "\n");
  return ok;
};

const cache: CommandRun = async (args, ctx) => (await import("./cache-command.js")).runCacheCommand(args, ctx);

const doctor: CommandRun = async (args, ctx) => (await import("./doctor-command.js")).runDoctorCommand(args, ctx);

/** The commands that run; a reserved name has none. */
const implementations: Record<string, CommandRun> = { help, version, cache, doctor };

/** Where a command line goes: a command and its arguments, or the tidy command. */
export type Route = { command: CommandInfo; args: string[] } | { command: null; args: string[] };

/** route looks up the first argument (argv without the program name) among the commands. */
export function route(argv: string[]): Route {
  // --version alone is the version command (as the tidy command's parser would answer it).
  const command = argv.length === 1 && argv[0] === "--version" ? commandNamed("version") : commandNamed(argv[0]);
  return command ? { command, args: argv.slice(1) } : { command: null, args: argv };
}

async function runRoute(r: Route, ctx: CliContext): Promise<number> {
  if (r.command === null) {
    const { runTidyCommand } = await import("./tidy-command.js");
    return runTidyCommand(r.args, ctx);
  }
  const impl = implementations[r.command.name];
  if (!impl) throw reservedCommand(r.command);
  const outcome = await impl(r.args, ctx);
  return typeof outcome === "number" ? outcome : exitStatus(outcome);
}

/**
 * dispatch runs a command line (argv without the program name) against ctx and returns
 * its exit status, printing what ended it early: a usage error's message, or for a bug
 * an internal error (commander prints its own).
 */
export async function dispatch(argv: string[], ctx: CliContext): Promise<number> {
  try {
    return await runRoute(route(argv), ctx);
  } catch (e) {
    if (e instanceof UsageError) ctx.stderr.write(e.message + "\n");
    else if (!isCommanderError(e)) ctx.stderr.write(internalMessage(e, ctx.env) + "\n");
    return errorExitStatus(e);
  }
}


