// A scripted user for transcript tests: says things, taps buttons by label, and reads what the bot answered.
import { loadConfig } from '../../src/config.ts';
import { loadContent } from '../../src/content/load-content.ts';
import { type ActionData, isDataAction, type Reply } from '../../src/core/card.ts';
import { createCodeLookup } from '../../src/core/code-lookup.ts';
import type { ConversationState } from '../../src/core/conversation-state.ts';
import { type EngineEvent, type Input, transition } from '../../src/core/engine.ts';
import type { EngineContext } from '../../src/core/engine-context.ts';
import { createLanguage } from '../../src/nlu/create-language.ts';

const content = loadContent();
const lookup = createCodeLookup(content.entries);
const language = createLanguage(content);

/** The engine context the shipped bot runs with, with `env` as its configuration and a settable clock. */
export function engineContext(
  env: Record<string, string> = {},
  now = Date.UTC(2026, 10, 24, 10),
): EngineContext {
  const config = loadConfig(env);
  return {
    now,
    flow: content.flow,
    lookup,
    understand: language.understand,
    readAnswer: language.readAnswer,
    answers: language.answers,
    org: config.org,
    phrases: content.phrases,
    stepRules: content.stepRules,
    ttlMs: config.conversationTtlMs,
    minConfidence: language.minConfidence,
  };
}

/** One reply as a line a person would read: the card title (or text) and its body. */
export function readReply(reply: Reply): string {
  if (reply.kind === 'text') return reply.text;
  const { card } = reply;
  const body = card.blocks.map((b) =>
    b.kind === 'facts'
      ? b.items.map((i) => `${i.label}: ${i.value}`).join('; ')
      : 'items' in b
        ? b.items.join(' ')
        : b.text,
  );
  return [card.title, ...body].filter(Boolean).join(' | ');
}

/** A conversation with the engine, one user. */
export class Conversation {
  state: ConversationState | undefined;
  replies: Reply[] = [];
  events: EngineEvent[] = [];
  constructor(readonly ctx: EngineContext = engineContext()) {}

  /** Sends an input and returns what the bot answered, as text. */
  send(input: Input): string {
    const turn = transition(this.state, input, this.ctx);
    this.state = turn.state;
    this.replies = turn.replies;
    this.events = turn.events;
    return this.heard();
  }

  /** Types a message. */
  say(text: string): string {
    return this.send({ kind: 'text', text });
  }

  /** Taps the button with this label on the bot's latest replies; throws if there is none. */
  tap(label: string): string {
    const data = this.button(label);
    if (!data) throw new Error(`no button "${label}" in: ${this.buttons().join(' / ')}`);
    return this.send({ kind: 'action', data });
  }

  /** The data of the button with this label on the latest replies. */
  button(label: string): ActionData | undefined {
    for (const r of this.replies) {
      if (r.kind !== 'card') continue;
      const action = r.card.actions.find((a) => a.label === label);
      if (action && isDataAction(action)) return action.data;
    }
    return undefined;
  }

  /** Labels of every button on the latest replies. */
  buttons(): string[] {
    return this.replies.flatMap((r) => (r.kind === 'card' ? r.card.actions.map((a) => a.label) : []));
  }

  /** Everything the bot said last turn, as one string. */
  heard(): string {
    return this.replies.map(readReply).join(' || ');
  }

  /** Moves the clock forward. */
  wait(ms: number): void {
    this.ctx.now += ms;
  }
}
