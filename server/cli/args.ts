import type { Config } from '../config.ts';

/** What a command is told: its arguments after the command's name, and the validated settings. */
export interface CommandContext {
  args: string[];
  config: Config;
}

/** "--name value" options of a command line, and what is left (positional arguments). */
export function parseOptions(args: readonly string[]): { options: Map<string, string>; rest: string[] } {
  const options = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq > 0) options.set(arg.slice(2, eq), arg.slice(eq + 1));
      else options.set(arg.slice(2), args[++i] ?? '');
    } else rest.push(arg);
  }
  return { options, rest };
}

/** An error a person fixes by changing the command line or its input: printed, exit status 1. */
export class UsageError extends Error {}
