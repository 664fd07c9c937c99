// The bot as channels see it: one turn in (key + input), replies out, with state loaded and saved safely.
import type { Config } from '../config-types.ts';
import type { Content } from '../content/load-content.ts';
import { deskStatus, userOpensWords, zoneName } from '../core/business-hours.ts';
import type { Card, Reply } from '../core/card.ts';
import { lookupCards } from '../core/code-card.ts';
import { type CodeLookup, createCodeLookup } from '../core/code-lookup.ts';
import { cleanEngineInput, type EngineEvent, type Input, transition } from '../core/engine.ts';
import type { EngineContext } from '../core/engine-context.ts';
import type { CaseLine } from '../core/handoff-case.ts';
import { formatCode } from '../core/knowledge.ts';
import { say } from '../core/phrases.ts';
import { redactSecrets } from '../core/redact.ts';
import { ImageReadError, type ImageReader } from '../ocr/image-reader.ts';
import {
  type ConversationStore,
  checkStorableId,
  StoreUnavailableError,
} from '../store/conversation-store.ts';
import type { StatsStore, TranscriptStore } from '../store/handoff-store.ts';
import { answeringOf } from './answering.ts';
import type { TurnListener, UserRef } from './handoff-contracts.ts';
import { type Count, dayOf, turnCounts } from './insights.ts';
import { createKeyedQueue } from './keyed-queue.ts';
import { pictureCode } from './picture-input.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type TranscriptLine = Omit<CaseLine, 'seq'>;

/**
 * What a channel gets back from one turn. `duplicate` means the platform re-sent a message already answered: its
 * `replies` are the ones stored with that turn, and `delivered` says whether they are known to have reached the user
 * (a channel that pushes replies sends them again only when not).
 */
export interface BotTurn {
  replies: Reply[];
  events: EngineEvent[];
  duplicate: boolean;
  delivered: boolean;
}

/** The running bot, shared by every channel. */
export interface Bot {
  /**
   * Runs one turn for the conversation `key` (`from` says how to reach the user later, for a handoff);
   * rejects with StoreUnavailableError when state can't be read or saved, BadDataError when the key or message id
   * could never be stored.
   */
  handle(key: string, input: Input, messageId?: string, from?: UserRef): Promise<BotTurn>;
  /**
   * A turn for a picture the user sent (a photo or screenshot of the error): the code read from it is explained
   * as if typed; a picture that can't be read gets a short "please type the number".
   */
  readPicture(key: string, image: Uint8Array, messageId?: string, from?: UserRef): Promise<BotTurn>;
  /** The `/vpncode` answer cards for a query. */
  lookupCode(query: string): Card[];
  /** Forgets a conversation: its state, its transcript and its reminders (SMS STOP, a user's request). */
  forget(key: string): Promise<void>;
  /** Drops transcripts older than the conversation lifetime and other leftovers; run hourly. */
  purgeOld(): Promise<void>;
  /** The short message a user gets when the store is down. */
  unavailableText(): string;
  /** Records that the replies to message `messageId` of `key` reached the user; never rejects. */
  delivered(key: string, messageId: string): Promise<void>;
  lookup: CodeLookup;
  content: Content;
  config: Config;
}

/** Everything the bot is composed from; `now` defaults to the wall clock. */
export interface BotDeps {
  content: Content;
  config: Config;
  store: ConversationStore;
  /** Where each turn's redacted lines go, so an agent can read how the conversation went. */
  transcripts?: TranscriptStore;
  /** Reads pictures of error dialogs; without it pictures get the "please type the number" answer. */
  pictures?: ImageReader;
  /** Told when a conversation is forgotten, to drop what else is kept about it (reminders, mailbox). */
  onForget?: (key: string) => Promise<void>;
  /** Told hourly to drop leftovers older than `cutoff` (mailbox messages). */
  onPurge?: (cutoff: number) => Promise<void>;
  /** Where the daily counters for IT's insights go (no user identifiers). */
  stats?: StatsStore;
  /** Told about every turn's events (opens, cancels and relays handoff cases). */
  afterTurn?: TurnListener;
  /** The code lookup over `content.entries`, when the caller has built it already. */
  lookup?: CodeLookup;
  /** How people's words are understood (src/nlu/create-language.ts). */
  language: Pick<EngineContext, 'understand' | 'readAnswer' | 'answers' | 'minConfidence'>;
  now?: () => number;
}

/** How many times a turn is re-run when another instance keeps writing the same conversation first. */
const MAX_ATTEMPTS = 12;
/** What the user hears when a picture can't be read, by why. */
const PICTURE_ANSWERS: Partial<Record<ImageReadError['why'], string>> = {
  too_big: 'picture.tooBig',
  not_an_image: 'picture.notImage',
  busy: 'picture.busy',
};

/** Composes the bot; the engine stays pure, this owns the read–transition–write loop. */
export function createBot(deps: BotDeps): Bot {
  const { content, config, store } = deps;
  const now = deps.now ?? Date.now;
  const lookup = deps.lookup ?? createCodeLookup(content.entries);
  /** What a turn of conversation `key` runs with: the desk's hours on the user's clock, how its channel answers. */
  const context = (key: string, from: UserRef | undefined): EngineContext => {
    const at = now();
    const status = deskStatus(config.desk, at);
    const desk = {
      open: status.open,
      opensWords: status.opensWords,
      zone: zoneName(config.desk.timeZone),
      yours:
        status.opensAt === undefined
          ? undefined
          : userOpensWords(status.opensAt, at, config.desk.timeZone, from?.clock),
    };
    return {
      now: at,
      flow: content.flow,
      lookup,
      understand: deps.language.understand,
      readAnswer: deps.language.readAnswer,
      answers: deps.language.answers,
      minConfidence: deps.language.minConfidence,
      org: config.org,
      phrases: content.phrases,
      stepRules: content.stepRules,
      ttlMs: config.conversationTtlMs,
      desk,
      answering: answeringOf(key),
    };
  };

  const record = async (key: string, input: Input, replies: Reply[]) => {
    if (!deps.transcripts || input.kind === 'welcome') return;
    const at = now();
    const lines: TranscriptLine[] = [];
    if (input.kind === 'text')
      lines.push({ at, from: 'user', text: redactSecrets(cleanEngineInput(input.text)) });
    if (input.kind === 'action')
      lines.push({
        at,
        from: 'user',
        text: `[tapped ${input.data.type === 'choice' ? input.data.choice : input.data.command}]`,
      });
    for (const r of replies)
      lines.push({ at, from: 'bot', text: r.kind === 'text' ? r.text : r.card.summary });
    if (input.kind !== 'handoff') await deps.transcripts.append(key, lines);
  };

  /** Adds to the insight counters; a failure there never fails the user's turn. */
  const count = async (counts: Count[]) => {
    if (!deps.stats || !counts.length) return;
    await deps.stats.add(dayOf(now()), counts).catch(() => {});
  };

  const turns = createKeyedQueue();
  const handle = async (
    key: string,
    input: Input,
    messageId?: string,
    from?: UserRef,
    preface: Reply[] = [],
  ): Promise<BotTurn> => {
    checkStorableId(key, 'a conversation id');
    if (messageId !== undefined) checkStorableId(messageId, 'a message id');
    return turns.run(key, () =>
      run(key, input, messageId ? `${key}#${messageId}` : undefined, from, preface),
    );
  };

  /**
   * Reads, transitions and writes until the write wins. The message's seen-mark commits with the state, so a
   * platform retry after a crash either finds nothing (and runs the turn) or finds the stored replies.
   */
  const run = async (
    key: string,
    input: Input,
    seenKey: string | undefined,
    from: UserRef | undefined,
    preface: Reply[],
  ): Promise<BotTurn> => {
    for (let attempt = 1; ; attempt++) {
      const seen = seenKey ? await store.seenTurn(seenKey) : undefined;
      if (seen) return { replies: seen.replies, events: [], duplicate: true, delivered: seen.delivered };
      const stored = await store.get(key);
      const turn = transition(stored?.state, input, context(key, from));
      const replies = [...preface, ...turn.replies];
      const mark = seenKey ? { id: seenKey, at: now(), replies } : undefined;
      if (await store.put(key, turn.state, stored?.version, mark)) {
        const byUser = input.kind !== 'reminder' && input.kind !== 'handoff';
        const fresh = byUser && (!stored || stored.state.startedAt !== turn.state.startedAt);
        await count(turnCounts(turn.events, fresh));
        const relaying = turn.events.some((e) => e.type === 'relay');
        if (!relaying) await record(key, input, turn.replies);
        const events = [...turn.events];
        // A case whose opening failed earlier is opened now (opening is idempotent per conversation).
        const waiting = turn.state.phase === 'handoff' && !turn.state.agent;
        // It goes first, so what the user wrote while waiting is added to it rather than finding no case.
        if (waiting && !events.some((e) => e.type === 'handoff' || e.type === 'handoff_cancel'))
          events.unshift({ type: 'handoff', reason: 'asked' });
        if (events.length) await deps.afterTurn?.(key, from, turn.state, events);
        return { replies, events: turn.events, duplicate: false, delivered: false };
      }
      if (attempt >= MAX_ATTEMPTS)
        throw new StoreUnavailableError(`conversation ${key} kept changing under concurrent writes`);
      // Another instance wrote the same conversation: wait a moment (more each time, jittered) and read again.
      await pause(Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random()));
    }
  };

  const readPicture = async (
    key: string,
    image: Uint8Array,
    messageId?: string,
    from?: UserRef,
  ): Promise<BotTurn> => {
    /** A short answer about the picture itself, given once per platform message id. */
    const answer = async (phraseKey: string, vars?: Record<string, string>): Promise<BotTurn> => {
      if (messageId && !(await store.firstSeen(`${key}#${messageId}`, now())))
        return { replies: [], events: [], duplicate: true, delivered: true };
      return {
        replies: [{ kind: 'text', text: say(content.phrases, phraseKey, vars) }],
        events: [],
        duplicate: false,
        delivered: false,
      };
    };
    let text: string;
    try {
      if (!deps.pictures) return answer('picture.unreadable');
      text = await deps.pictures.read(image, key);
    } catch (err) {
      if (!(err instanceof ImageReadError)) throw err;
      return answer(PICTURE_ANSWERS[err.why] ?? 'picture.unreadable');
    }
    const found = pictureCode(text, lookup);
    if (!found) return answer('picture.unreadable');
    if (found.how === 'either') {
      const [number, message] = found.codes.map(formatCode);
      return answer('picture.either', { number: number ?? '', message: message ?? '' });
    }
    const code = formatCode(found.code);
    const preface: Reply = {
      kind: 'text',
      text: say(content.phrases, found.how === 'read' ? 'picture.read' : 'picture.guess', { code }),
    };
    return handle(key, { kind: 'text', text: `error ${code}` }, messageId, from, [preface]);
  };

  return {
    handle,
    readPicture,
    forget: async (key) => {
      await store.delete(key);
      await deps.transcripts?.forget(key);
      await deps.onForget?.(key);
    },
    purgeOld: async () => {
      const cutoff = now() - config.conversationTtlMs;
      await deps.transcripts?.purge(cutoff);
      await deps.onPurge?.(cutoff);
    },
    lookupCode: (query) => {
      const result = lookup.lookup(query);
      const [first] = result.matches;
      const key =
        result.kind === 'usage' ? 'usage' : first && result.kind !== 'search' ? first.id : result.kind;
      void count([{ metric: 'lookups', key, n: 1 }]);
      return lookupCards(result, content.entries, { org: config.org, phrases: content.phrases });
    },
    unavailableText: () => say(content.phrases, 'store.down'),
    delivered: (key, messageId) => store.markDelivered(`${key}#${messageId}`).catch(() => {}),
    lookup,
    content,
    config,
  };
}
