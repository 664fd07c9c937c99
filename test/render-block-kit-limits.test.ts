import { describe, expect, it } from 'vitest';
import { checkBlockKitLimits } from '../src/render/block-kit-limits.ts';

const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const button = (extra: Record<string, unknown> = {}) => ({ type: 'button', text: plain('x'), ...extra });
const actions = (...elements: unknown[]) => ({ blocks: [{ type: 'actions', elements }] });
const section = (text: unknown) => ({ blocks: [{ type: 'section', text }] });
const fields = (...items: unknown[]) => ({ blocks: [{ type: 'section', fields: items }] });

describe('checkBlockKitLimits', () => {
  it.each([
    ['51 blocks', { blocks: Array(51).fill({ type: 'divider' }) }, '51 blocks'],
    ['a section text over 3000', section(mrkdwn('x'.repeat(3001))), 'over 3000'],
    ['an empty section text', section(plain('')), 'empty text'],
    ['a section with neither text nor fields', { blocks: [{ type: 'section' }] }, 'without text or fields'],
    ['a header over 150', { blocks: [{ type: 'header', text: plain('x'.repeat(151)) }] }, 'over 150'],
    ['a mrkdwn header', { blocks: [{ type: 'header', text: mrkdwn('x') }] }, 'must be plain_text'],
    ['a button text over 75', actions({ type: 'button', text: plain('x'.repeat(76)) }), 'over 75'],
    ['a button value over 2000', actions(button({ value: 'v'.repeat(2001) })), 'over 2000'],
    ['an action_id over 255', actions(button({ action_id: 'a'.repeat(256) })), 'action_id over 255'],
    ['a repeated action_id', actions(button({ action_id: 'a' }), button({ action_id: 'a' })), 'not unique'],
    ['26 elements in an actions block', actions(...Array(26).fill(button())), '26 elements'],
    ['an empty actions block', actions(), '0 elements'],
    ['11 fields in a section', fields(...Array(11).fill(mrkdwn('x'))), '11 fields'],
    ['a field over 2000', fields(mrkdwn('x'.repeat(2001))), 'over 2000'],
    ['a button style Slack lacks', actions(button({ style: 'positive' })), 'style positive'],
    [
      '11 context elements',
      { blocks: [{ type: 'context', elements: Array(11).fill(plain('x')) }] },
      '11 context',
    ],
    ['a block this bot never sends', { blocks: [{ type: 'video' }] }, 'block type video'],
    ['a message with nothing in it', { text: ' ', blocks: [] }, 'neither text nor blocks'],
  ])('reports %s', (_, msg, problem) => {
    expect(checkBlockKitLimits(msg).join('\n')).toContain(problem);
  });

  it.each([
    ['50 blocks', { blocks: Array(50).fill({ type: 'divider' }) }],
    ['a 3000-character section', section(mrkdwn('x'.repeat(3000)))],
    [
      '25 buttons with unique ids',
      actions(...Array.from({ length: 25 }, (_, i) => button({ action_id: `a${i}` }))),
    ],
    ['10 fields of 2000 characters', fields(...Array(10).fill(mrkdwn('x'.repeat(2000))))],
    ['a 150-character header', { blocks: [{ type: 'header', text: plain('x'.repeat(150)) }] }],
  ])('accepts %s, right at the limit', (_, msg) => {
    expect(checkBlockKitLimits(msg)).toEqual([]);
  });
});
