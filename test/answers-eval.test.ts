// `vpnbot nlu-eval` on answers typed at a question ({"node", "text", "choice"} lines): scored per question through
// the real engine, and the shipped dev split held to the bars (≥ 95% understood, ≤ 1% confidently wrong).
import { describe, expect, it } from 'vitest';
import { runCli, tempFiles } from './helpers/cli-run.ts';

const run = (args: string[]) => runCli(['nlu-eval', ...args]);
const file = tempFiles('answers-eval-');

const small = file('answers.jsonl', [
  '{"node": "network", "text": "I don\'t have a hotspot", "choice": "cant_try"}',
  '{"node": "network", "text": "works fine on my phone", "choice": "works_there"}',
  '{"node": "followup", "text": "that did it", "choice": "fixed"}',
  '{"node": "error_code", "text": "it says 809", "choice": "code", "code": 809}',
  '{"node": "access", "text": "talk to a person", "choice": "human"}',
  '{"node": "network", "text": "yes", "choice": "cant_try"}',
]);

describe('vpnbot nlu-eval on answers in context', () => {
  it('--json reports accuracy, the confidently wrong share and each question', async () => {
    const r = await run([small, '--json']);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ kind: 'answers', n: 6, accuracy: 0.8333, wrongRate: 0.1667 });
    expect(report.perNode.network).toMatchObject({ n: 3, accuracy: 0.6667, wrongRate: 0.3333 });
    expect(report.perNode.followup).toMatchObject({ n: 1, accuracy: 1 });
    expect(report.mistakes).toEqual([
      expect.objectContaining({ node: 'network', text: 'yes', expected: 'cant_try', got: 'works_there' }),
    ]);
  });

  it('the text report has a row per question and names the lines it got wrong', async () => {
    const r = await run([small]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^network\s+3\s+66\.7%/m);
    expect(r.out).toMatch(/line 6 \[network\] "yes" → works_there \(expected cant_try\)/);
  });

  it('the follow-up questions answer to other common names, and an unknown question is refused by line', async () => {
    const aliased = file('aliased.jsonl', [
      '{"node": "did_this_fix_it", "text": "all good now", "choice": "fixed"}',
      '{"node": "reminder_offer", "text": "no thanks", "choice": "no_thanks"}',
    ]);
    const ok = JSON.parse((await run([aliased, '--json'])).out);
    expect(ok).toMatchObject({ n: 2, accuracy: 1, perNode: { followup: { n: 1 }, reminders: { n: 1 } } });
    const stray = file('stray.jsonl', [
      '{"node": "network", "text": "yes", "choice": "works_there"}',
      '{"node": "wifi_question", "text": "yes", "choice": "yes"}',
    ]);
    const r = await run([stray]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /stray\.jsonl:2: unknown question "wifi_question"; expected one of internet, vpn_type/,
    );
  });

  it('a bad line is named with its file and line', async () => {
    const bad = file('bad.jsonl', [
      '{"node": "network", "text": "yes", "choice": "works_there"}',
      '{"node": "network"}',
    ]);
    const r = await run([bad]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.jsonl:2: "text" must be a non-empty string/);
  });

  it('the shipped dev split is understood ≥ 95% with ≤ 1% confidently wrong, at least 20 lines a question', async () => {
    const r = await run(['nlu/answers-dev.jsonl', '--json']);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.n).toBeGreaterThanOrEqual(300);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.wrongRate).toBeLessThanOrEqual(0.01);
    for (const [node, t] of Object.entries(report.perNode) as [string, { n: number }][])
      expect(t.n, node).toBeGreaterThanOrEqual(20);
  });
});
