// `vpnbot chat [--persist]`: the triage conversation in a terminal, one line in and plain text out (scriptable).
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { composeBot } from '../app/compose.ts';
import type { Bot } from '../app/create-bot.ts';
import { loadConfig } from '../config.ts';
import type { Input } from '../core/engine.ts';
import { renderText } from '../render/text.ts';
import { StoreUnavailableError } from '../store/conversation-store.ts';
import { createSqliteStore } from '../store/sqlite-store.ts';
import type { CliIo } from './io.ts';

const QUIT = /^(quit|exit|bye|:q)$/i;

/** Where the terminal chat reads lines from; `interactive` turns on the greeting and the prompt. */
export interface ChatInput {
  lines: AsyncIterable<string>;
  interactive: boolean;
  prompt?: () => void;
}

/** Runs one input through the bot and returns what it answered, as text with numbered choices. */
export async function chatTurn(bot: Bot, key: string, input: Input): Promise<string> {
  try {
    const turn = await bot.handle(key, input);
    return turn.replies.map((reply) => renderText(reply, { numbered: true })).join('\n\n');
  } catch (err) {
    if (err instanceof StoreUnavailableError) return bot.unavailableText();
    throw err;
  }
}

/** Talks to the bot line by line until the input ends or the user types "quit"; returns the exit code. */
export async function runChat(bot: Bot, key: string, input: ChatInput, io: CliIo): Promise<number> {
  if (input.interactive) {
    io.out(`${await chatTurn(bot, key, { kind: 'welcome' })}\n(type "quit" to leave)\n`);
    input.prompt?.();
  }
  for await (const line of input.lines) {
    if (input.interactive && QUIT.test(line.trim())) break;
    io.out(`${await chatTurn(bot, key, { kind: 'text', text: line })}\n`);
    input.prompt?.();
  }
  return 0;
}

/** The `chat` command: an in-memory conversation, or with `--persist` one kept in DATA_DIR across runs. */
export async function chatCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { persist: { type: 'boolean', default: false } } });
  const config = loadConfig();
  const composed = composeBot(config, values.persist ? {} : { store: createSqliteStore(':memory:') });
  const { bot } = composed;
  const interactive = Boolean(process.stdin.isTTY);
  const rl = createInterface({ input: process.stdin, terminal: interactive });
  if (interactive) rl.setPrompt('you> ');
  try {
    return await runChat(
      bot,
      `console:${values.persist ? userInfo().username : 'local'}`,
      { lines: rl, interactive, prompt: interactive ? () => rl.prompt() : undefined },
      io,
    );
  } finally {
    rl.close();
    await composed.close();
  }
}
