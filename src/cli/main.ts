// The `vpnbot` command: dispatches to a subcommand and turns failures into a message, never a stack trace.
import { ConfigError } from '../config.ts';
import { ContentError } from '../content/load-yaml.ts';
import { loadDotEnv } from './env-file.ts';
import { type CliIo, processIo } from './io.ts';

type Command = (args: string[], io: CliIo) => Promise<number>;

/** Each command's code is loaded only when it runs. */
const COMMANDS: Record<string, { run: () => Promise<Command>; help: string }> = {
  serve: {
    run: async () => (await import('./serve-command.ts')).serveCommand,
    help: 'start the bot (web chat on PORT, default 3978)',
  },
  code: {
    run: async () => (await import('./code-command.ts')).codeCommand,
    help: 'code <code|range|keywords> [--format text|json|adaptive|blockkit]',
  },
  chat: {
    run: async () => (await import('./chat-command.ts')).chatCommand,
    help: 'the triage conversation in this terminal',
  },
  'nlu-eval': {
    run: async () => (await import('./nlu-eval.ts')).nluEvalCommand,
    help: 'nlu-eval <file.jsonl> [--json]: accuracy of the NLU on a labelled file',
  },
  insights: {
    run: async () => (await import('./insights-command.ts')).insightsCommand,
    help: 'insights [--days N] [--json]: top codes, fixes and escalations lately',
  },
  validate: {
    run: async () => (await import('./validate-command.ts')).validateCommand,
    help: 'check every content file and the flow graph',
  },
  config: {
    run: async () => (await import('./config-command.ts')).configCommand,
    help: 'config [--json]: the settings in effect (environment, .env, defaults), secrets masked',
  },
  migrate: {
    run: async () => (await import('./migrate-command.ts')).migrateCommand,
    help: "migrate status|up: the store's schema version, and applying what this release adds",
  },
  export: {
    run: async () => (await import('./export-command.ts')).exportCommand,
    help: 'export [--out file]: every stored row as JSON Lines (conversations, cases, opt-outs, …)',
  },
  import: {
    run: async () => (await import('./import-command.ts')).importCommand,
    help: 'import [file]: what export wrote, into the store in use; rows already there are kept',
  },
};

const usage = () =>
  [
    'Usage: vpnbot <command>',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(9)} ${c.help}`),
  ].join('\n');

/** Runs `vpnbot` with the given arguments and returns the exit code; `.env` (or ENV_FILE) is read first, exit 2 if bad. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const envFile = loadDotEnv();
  if ('error' in envFile) {
    io.err(`vpnbot: ${envFile.error}`);
    return 2;
  }
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`vpnbot: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.run())(rest, io);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof ContentError) {
      io.err(err.message);
      return 1;
    }
    io.err(`vpnbot ${name}: ${(err as Error).message ?? err}`);
    return 1;
  }
}
