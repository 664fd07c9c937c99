// `vpnbot nlu-eval` run in-process as an admin runs it: a labelled file in, a report (text or JSON) out.
import { describe, expect, it } from 'vitest';
import { createNlu } from '../src/nlu/create-nlu.ts';
import { evaluateNlu } from '../src/nlu/evaluate.ts';
import { parseLabelledJsonl } from '../src/nlu/labelled-file.ts';
import { runCli, tempFiles } from './helpers/cli-run.ts';

const run = (args: string[]) => runCli(['nlu-eval', ...args]);
const file = tempFiles('nlu-eval-');

const small = file('small.jsonl', [
  '{"text": "error 721", "intent": "error_code", "code": 721}',
  '{"text": "Error 628/629", "intent": "error_code", "codes": [628, 629]}',
  '{"text": "the vpn fails with 0x80092013", "intent": "error_code", "code": "0x80092013"}',
  '',
  '{"text": "talk to a person", "intent": "human"}',
  '{"text": "vpn drops after 30 seconds", "intent": "connection_drops"}',
  '{"text": "the printer on floor 3 is jammed", "intent": "out_of_scope"}',
]);

describe('vpnbot nlu-eval', () => {
  it('--json prints one object with accuracy, codeAccuracy, n, perIntent and confusions', async () => {
    const r = await run([small, '--json']);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ n: 6, accuracy: 1, codeAccuracy: 1, confusions: [] });
    expect(report.perIntent.error_code).toMatchObject({ precision: 1, recall: 1, support: 3 });
    expect(Object.keys(report.perIntent).sort()).toEqual([
      'connection_drops',
      'error_code',
      'human',
      'out_of_scope',
    ]);
  });

  it('the text report names accuracy, per-intent precision/recall, confusions and code accuracy', async () => {
    const r = await run([small]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/accuracy\s+100\.0%/);
    expect(r.out).toMatch(/code accuracy\s+100\.0%/);
    expect(r.out).toMatch(/precision\s+recall/);
    expect(r.out).toMatch(/^human\s+100\.0%\s+100\.0%\s+1$/m);
    expect(r.out).toMatch(/confusions: none/);
  });

  it('the shipped dev set evaluates from the command line', async () => {
    const r = await run(['nlu/dev.jsonl', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.n).toBeGreaterThanOrEqual(15 * 15);
    expect(report.codeAccuracy).toBe(1);
  });

  it.each<[string, string[], RegExp]>([
    [
      'a missing file',
      [file('x.jsonl', ['']).replace('x.jsonl', 'nope.jsonl')],
      /nope\.jsonl: cannot read the file \(no such file\)/,
    ],
    [
      'a line that is not JSON',
      [file('broken.jsonl', ['{"text": "hi", "intent": "greeting_help"}', '{"text": "hi", intent}'])],
      /broken\.jsonl:2: not valid JSON/,
    ],
    [
      'an unknown intent',
      [file('label.jsonl', ['{"text": "hi", "intent": "greeting"}'])],
      /label\.jsonl:1: unknown intent "greeting"; expected one of vpn_problem, /,
    ],
    [
      'a bad code',
      [file('code.jsonl', ['{"text": "error x", "intent": "error_code", "code": "x"}'])],
      /code\.jsonl:1: "code" must be codes like 721/,
    ],
    [
      'a line without text',
      [file('text.jsonl', ['', '', '{"intent": "human"}'])],
      /text\.jsonl:3: "text" must be a non-empty string/,
    ],
    ['an empty file', [file('empty.jsonl', [''])], /empty\.jsonl: no labelled lines/],
    ['no file at all', [], /which file\?\nUsage: vpnbot nlu-eval/],
    ['an unknown option', [small, '--xml'], /Unknown option '--xml'/],
  ])('%s → a clear message and exit 2, never a stack trace', async (_what, args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe('');
  });
});

describe('evaluateNlu', () => {
  it('counts confusions most frequent first and scores codes as sets over all lines', () => {
    const examples = parseLabelledJsonl(
      [
        '{"text": "a", "intent": "human"}',
        '{"text": "b", "intent": "human"}',
        '{"text": "c", "intent": "credentials"}',
        '{"text": "d", "intent": "error_code", "codes": [629, 628]}',
      ].join('\n'),
      'mem.jsonl',
    );
    const fake = {
      classify: (text: string) =>
        text === 'd'
          ? { intent: 'error_code', confidence: 1, codes: [628, 629] }
          : { intent: 'greeting_help', confidence: 0.9, codes: text === 'c' ? [721] : [] },
    };
    const report = evaluateNlu(fake, examples);
    expect(report).toMatchObject({ n: 4, accuracy: 0.25, codeAccuracy: 0.75 });
    expect(report.confusions).toEqual([
      { expected: 'human', predicted: 'greeting_help', count: 2 },
      { expected: 'credentials', predicted: 'greeting_help', count: 1 },
    ]);
    expect(report.perIntent.greeting_help).toEqual({ precision: 0, recall: null, support: 0, predicted: 3 });
    expect(report.perIntent.human).toEqual({ precision: null, recall: 0, support: 2, predicted: 0 });
  });

  it('createNlu trains on other data when given it', () => {
    const training = parseLabelledJsonl(
      ['{"text": "ping pong", "intent": "human"}', '{"text": "tic tac", "intent": "travel_prep"}'].join('\n'),
      'mem.jsonl',
    );
    const tiny = createNlu({ knownCodes: new Set(), training });
    expect(tiny.classify('pong').intent).toBe('human');
    expect(tiny.classify('tac').intent).toBe('travel_prep');
  });
});
