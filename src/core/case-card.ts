// The card agents see for a case in the queue: who, what was checked, what was found, how long they waited, and what to do.
import type { Action, Block, Card } from './card.ts';
import { type HandoffCase, waitedWords } from './handoff-case.ts';
import { type Phrases, say } from './phrases.ts';

/** The commands a case card's buttons send; channels route them to the handoff service, never to the engine. */
export const CASE_COMMANDS = { claim: 'case.claim', close: 'case.close', back: 'case.return' } as const;

const LAST_LINES = 6;

/** The queue card for a case at `now`; `showContact` is false until an agent claims it (privacy). */
export function caseCard(c: HandoffCase, now: number, phrases: Phrases): Card {
  const p = (key: string, vars: Record<string, string | number> = {}) => say(phrases, key, vars);
  const s = c.summary;
  const status =
    c.status === 'queued'
      ? p('case.status.queued', { waited: waitedWords(c, now) })
      : c.status === 'claimed'
        ? p('case.status.claimed', { agent: c.claimedBy?.name ?? '?', waited: waitedWords(c, now) })
        : c.status === 'closed'
          ? p('case.status.closed', { agent: c.closedBy?.name ?? '?' })
          : p('case.status.cancelled');
  const none = p('case.none');
  const blocks: Block[] = [
    { kind: 'text', text: status, emphasis: true },
    {
      kind: 'facts',
      items: [
        { label: p('case.user'), value: c.userName ?? none },
        { label: p('case.channel'), value: c.channel },
        { label: p('case.reason'), value: p(`case.reason.${s.reason}`) },
        { label: p('case.vpnType'), value: s.vpnType ?? none },
        { label: p('case.network'), value: s.network ?? none },
        {
          label: p('case.codes'),
          value: s.codes.length ? s.codes.map((x) => `${x.code} (${x.title})`).join(', ') : none,
        },
      ],
    },
  ];
  if (s.checks.length)
    blocks.push({
      kind: 'bullets',
      title: p('case.checks'),
      items: s.checks.map((x) => `${x.question} → ${x.answer}`),
    });
  if (s.suggested.length) blocks.push({ kind: 'bullets', title: p('case.suggested'), items: s.suggested });
  const said = c.lines.filter((l) => l.from !== 'system').slice(-LAST_LINES);
  if (said.length)
    blocks.push({
      kind: 'bullets',
      title: p('case.lastLines'),
      items: said.map(
        (l) =>
          `${l.from === 'user' ? p('case.userSaid') : l.from === 'agent' ? (l.name ?? 'agent') : p('case.botSaid')}: ${l.text}`,
      ),
    });
  if (c.note) blocks.push({ kind: 'text', text: p('case.note', { note: c.note }), muted: true });

  const command = (label: string, cmd: string, style?: 'primary' | 'destructive'): Action => ({
    label: p(label),
    data: { type: 'command', command: cmd, arg: c.id },
    ...(style ? { style } : {}),
  });
  const actions: Action[] =
    c.status === 'queued'
      ? [command('case.claim', CASE_COMMANDS.claim, 'primary')]
      : c.status === 'claimed'
        ? [command('case.close', CASE_COMMANDS.close, 'primary'), command('case.back', CASE_COMMANDS.back)]
        : [];
  const title = p('case.title', { id: c.id });
  return {
    title,
    tone: c.status === 'queued' ? 'attention' : c.status === 'claimed' ? 'warning' : 'good',
    blocks,
    actions,
    summary: `${title}: ${status}`,
  };
}
