// Turns knowledge entries and lookup results into cards in the neutral card model.
import type { Action, Block, Card } from './card.ts';
import type { LookupResult } from './code-lookup.ts';
import { type Entry, formatRange } from './knowledge.ts';
import { fillPlaceholders, type OrgFacts } from './org-facts.ts';
import { type Phrases, say } from './phrases.ts';

/** What a code card needs besides the entry. */
export interface CardContext {
  org: OrgFacts;
  phrases: Phrases;
}

/** The codes of an entry as people write them: "721", "628–629". */
export function entryCodes(entry: Entry): string {
  return entry.ranges.map(formatRange).join(', ');
}

/** The card for one entry; `audience: 'tech'` adds causes and the help desk's steps, `'user'` keeps it short. */
export function codeCard(entry: Entry, ctx: CardContext, audience: 'user' | 'tech', code?: number): Card {
  const fill = (s: string) => fillPlaceholders(s, ctx.org);
  const shown = code !== undefined ? formatRange({ from: code, to: code }) : entryCodes(entry);
  const title = say(ctx.phrases, 'code.title', { code: shown, title: entry.title });
  const blocks: Block[] = [{ kind: 'text', text: fill(entry.meaning) }];
  if (code !== undefined && entry.ranges.some((r) => r.from !== r.to)) {
    blocks.push({
      kind: 'text',
      text: say(ctx.phrases, 'code.range', { codes: entryCodes(entry) }),
      muted: true,
    });
  }
  if (audience === 'tech') {
    blocks.push({ kind: 'bullets', title: say(ctx.phrases, 'code.causes'), items: entry.causes.map(fill) });
  }
  blocks.push({ kind: 'steps', title: say(ctx.phrases, 'code.userSteps'), items: entry.userSteps.map(fill) });
  if (audience === 'tech') {
    const techFill = (t: string) => fillPlaceholders(t, ctx.org, 'token');
    blocks.push({
      kind: 'steps',
      title: say(ctx.phrases, 'code.techSteps'),
      items: entry.techSteps.map(techFill),
    });
    blocks.push({
      kind: 'facts',
      items: [
        { label: say(ctx.phrases, 'code.actor'), value: say(ctx.phrases, `code.actor.${entry.actor}`) },
        { label: say(ctx.phrases, 'code.protocols'), value: entry.protocols.join(', ').toUpperCase() },
      ],
    });
  }
  const tone = entry.actor === 'user' ? 'info' : 'warning';
  return { title, tone, blocks, actions: [], summary: title };
}

const openAction = (entry: Entry, ctx: CardContext): Action => ({
  label: say(ctx.phrases, 'lookup.open', { code: entryCodes(entry), title: entry.title }),
  data: {
    type: 'command',
    command: 'code',
    arg: entry.ranges[0] ? formatRange(entry.ranges[0]).replace('–', '-') : '',
  },
});

/** At most this many code cards answer one lookup that names several codes. */
const MAX_CODE_CARDS = 3;

/** The answer card(s) to a `/vpncode` lookup, for a tech: one card per code when it names several. */
export function lookupCards(result: LookupResult, entries: readonly Entry[], ctx: CardContext): Card[] {
  const [first] = result.matches;
  if (result.kind === 'usage') {
    const codes = entries.map(entryCodes).join(', ');
    const text = say(ctx.phrases, 'lookup.usage.text');
    return [
      {
        title: say(ctx.phrases, 'lookup.usage.title'),
        tone: 'info',
        blocks: [
          { kind: 'text', text },
          { kind: 'text', text: say(ctx.phrases, 'lookup.usage.known', { codes }), muted: true },
        ],
        actions: [],
        summary: text,
      },
    ];
  }
  if (result.kind === 'codes' && result.matches.length) {
    return result.matches.slice(0, MAX_CODE_CARDS).map((entry) => {
      const mine = (result.codes ?? []).filter((c) => entry.ranges.some((r) => r.from <= c && c <= r.to));
      return codeCard(entry, ctx, 'tech', mine.length === 1 ? mine[0] : undefined);
    });
  }
  if (first && (result.matches.length === 1 || result.kind === 'code')) {
    return [codeCard(first, ctx, 'tech', result.kind === 'code' ? result.code : undefined)];
  }
  if (result.kind === 'code' && result.code !== undefined) {
    const title = say(ctx.phrases, 'lookup.unknown.title', {
      code: formatRange({ from: result.code, to: result.code }),
    });
    return [
      {
        title,
        tone: 'attention',
        blocks: [
          { kind: 'text', text: say(ctx.phrases, 'lookup.unknown.text') },
          { kind: 'bullets', items: result.suggestions.map((e) => `${entryCodes(e)}: ${e.title}`) },
        ],
        actions: result.suggestions.map((e) => openAction(e, ctx)),
        summary: title,
      },
    ];
  }
  if (result.matches.length === 0) {
    const text = say(ctx.phrases, 'lookup.search.none', { query: result.query });
    return [{ tone: 'attention', blocks: [{ kind: 'text', text }], actions: [], summary: text }];
  }
  const title = say(ctx.phrases, 'lookup.search.title', { query: result.query });
  return [
    {
      title,
      tone: 'info',
      blocks: [{ kind: 'bullets', items: result.matches.map((e) => `${entryCodes(e)}: ${e.title}`) }],
      actions: result.matches.map((e) => openAction(e, ctx)),
      summary: title,
    },
  ];
}
