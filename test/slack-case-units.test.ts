// The Slack queue's pure parts: the case post, the thread relay, the close modal, its limits, and refusal wording.
import { describe, expect, it } from 'vitest';
import { refusalText } from '../src/channels/slack/case-desk.ts';
import { casePostMessage, relayMessages } from '../src/channels/slack/case-messages.ts';
import { closeCaseView, readCloseSubmission } from '../src/channels/slack/close-case-modal.ts';
import { checkModalLimits } from '../src/channels/slack/modal-limits.ts';
import { loadContent } from '../src/content/load-content.ts';
import { caseCard } from '../src/core/case-card.ts';
import {
  addLine,
  type CaseLine,
  claim,
  finish,
  type HandoffCase,
  newCase,
} from '../src/core/handoff-case.ts';
import { checkBlockKitLimits } from '../src/render/block-kit-limits.ts';
import { mrkdwnStrings } from './helpers/slack-harness.ts';

const { phrases } = loadContent({});
const NOW = Date.UTC(2026, 10, 25, 10);
const dana = { id: 'U0DANA', name: 'dana', via: 'slack' };

const aCase = (lines: Omit<CaseLine, 'seq'>[] = []): HandoffCase =>
  newCase({
    id: 'VPN-TEST01',
    conversationKey: 'web:x',
    channel: 'web',
    address: 'x',
    summary: { reason: 'asked', codes: [], checks: [], suggested: [] },
    lines,
    targets: ['slack'],
    now: NOW,
  });
const line = (from: CaseLine['from'], text: string, name?: string): CaseLine => ({
  seq: 1,
  at: NOW,
  from,
  text,
  ...(name ? { name } : {}),
});

describe('the case post', () => {
  it('gives its buttons case action ids and a thread hint while open; neither once closed', () => {
    const open = aCase();
    const post = casePostMessage(open, caseCard(open, NOW, phrases), phrases);
    const ids = JSON.stringify(post.blocks).match(/"action_id":"[^"]+"/g);
    expect(ids).toEqual(['"action_id":"vpncase:command:1"']);
    expect(JSON.stringify(post.blocks)).toContain('Write in this thread');
    expect(post.tag).toEqual({ case_id: 'VPN-TEST01', part: 'post' });

    const claimed = claim(open, dana, NOW);
    const done = claimed.ok ? finish(claimed.case, dana, NOW, 'fixed') : claimed;
    if (!done.ok) throw new Error('could not close');
    const closed = casePostMessage(done.case, caseCard(done.case, NOW, phrases), phrases);
    expect(closed.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(closed.blocks)).not.toContain('Write in this thread');
  });

  it('stays within Block Kit limits and escaped, whatever the user typed', () => {
    let c = aCase();
    for (let i = 0; i < 200; i++)
      c = addLine(c, { at: NOW, from: 'user', text: `<!channel> ${'<&>'.repeat(600)}` });
    const post = casePostMessage(c, caseCard(c, NOW, phrases), phrases);
    expect(checkBlockKitLimits(post)).toEqual([]);
    for (const s of mrkdwnStrings(post)) expect(s).not.toMatch(/<[!@#]/);
  });
});

describe('the thread relay', () => {
  it('says who wrote each line and escapes everything, so nothing pings', () => {
    const c = aCase();
    const [msg] = relayMessages(
      c,
      [
        { ...line('user', 'help <!channel> <@U0BOSS> *bold*'), seq: 7 },
        { ...line('agent', 'on it', '<!here>'), seq: 8 },
        { ...line('agent', 'no name'), seq: 9 },
      ],
      phrases,
    );
    expect(msg?.blocks.map((b) => (b.text as { text: string }).text)).toEqual([
      '*User:* help &lt;!channel&gt; &lt;@U0BOSS&gt; \u200B*\u200Bbold\u200B*\u200B',
      '*&lt;!here&gt;:* on it',
      '*Someone:* no name',
    ]);
    expect(msg?.tag).toEqual({ case_id: 'VPN-TEST01', part: 'relay:9' });
    for (const s of mrkdwnStrings(msg)) expect(s).not.toMatch(/<[!@#]/);
  });

  it('splits many long lines into messages that each fit', () => {
    const lines = Array.from({ length: 100 }, (_, i) => ({ ...line('user', '<'.repeat(2000)), seq: i + 1 }));
    const msgs = relayMessages(aCase(), lines, phrases);
    expect(msgs.map((m) => m.tag.part)).toEqual(['relay:40', 'relay:80', 'relay:100']);
    for (const m of msgs) expect(checkBlockKitLimits(m)).toEqual([]);
  });
});

describe('the close modal', () => {
  it('fits the modal limits and reads back the case id and note', () => {
    const view = closeCaseView({ id: 'VPN-TEST01' }, phrases);
    expect(checkModalLimits(view)).toEqual([]);
    const state = { values: { note: { note: { value: '  Hotel blocks IPsec  ' } } } };
    expect(readCloseSubmission({ ...view, state })).toEqual({
      caseId: 'VPN-TEST01',
      note: 'Hotel blocks IPsec',
    });
    expect(readCloseSubmission({ ...view, state: { values: {} } })).toEqual({ caseId: 'VPN-TEST01' });
  });

  it('refuses a submission it did not make', () => {
    for (const private_metadata of [undefined, '', '{', '{"caseId":1}', '{"caseId":"<!channel>"}', 'null'])
      expect(readCloseSubmission({ private_metadata })).toBeUndefined();
    expect(readCloseSubmission(undefined)).toBeUndefined();
  });

  it('names what breaks the modal limits', () => {
    const view = closeCaseView({ id: 'VPN-TEST01' }, phrases);
    expect(checkModalLimits({ ...view, title: { type: 'plain_text', text: 'x'.repeat(25) } })).toEqual([
      'title: 25 chars, over 24',
    ]);
    const badInput = { type: 'input', label: { type: 'mrkdwn', text: 'x' }, element: { type: 'datepicker' } };
    expect(checkModalLimits({ ...view, blocks: [badInput] })).toEqual([
      'input 0 label: must be a plain_text object',
      'input 0: element is not a plain_text_input',
    ]);
    expect(checkModalLimits({ type: 'home', blocks: [] })).toEqual(['not a modal view']);
  });
});

describe('refusals', () => {
  it('uses the agent console words', () => {
    const holder = { id: 'U1', name: 'ana', via: 'slack' };
    expect(refusalText(phrases, { ok: false, why: 'claimed_by_other', holder })).toBe(
      'ana already has this case.',
    );
    expect(refusalText(phrases, { ok: false, why: 'not_yours', holder })).toBe(
      'Only ana, who has this case, can do that.',
    );
    expect(refusalText(phrases, { ok: false, why: 'not_open' })).toBe('This case is already closed.');
    expect(refusalText(phrases, { ok: false, why: 'not_claimed' })).toBe(
      'Claim the case before writing to the user.',
    );
  });
});
