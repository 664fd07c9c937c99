// In-process timings: code lookup, the three renderings, and a full triage turn with the NLU.
import { Bench } from 'tinybench';
import { loadConfig } from '../src/config.ts';
import { loadContent } from '../src/content/load-content.ts';
import { lookupCards } from '../src/core/code-card.ts';
import { createCodeLookup } from '../src/core/code-lookup.ts';
import { initialState } from '../src/core/conversation-state.ts';
import { type Input, transition } from '../src/core/engine.ts';
import { createLanguage } from '../src/nlu/create-language.ts';
import { renderAdaptiveCard } from '../src/render/adaptive-card.ts';
import { renderBlockKit } from '../src/render/block-kit.ts';
import { renderText } from '../src/render/text.ts';
import { type BenchRow, ms } from './report.ts';

/** Runs the in-process benchmarks and returns their rows. */
export async function benchInProcess(): Promise<BenchRow[]> {
  const content = loadContent();
  const config = loadConfig({});
  const lookup = createCodeLookup(content.entries);
  const language = createLanguage(content);
  const cardCtx = { org: config.org, phrases: content.phrases };
  const [card] = lookupCards(lookup.lookup('721'), content.entries, cardCtx);
  if (!card) throw new Error('no card for 721');
  const ctx = {
    now: Date.now(),
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
  const asking = transition(undefined, { kind: 'text', text: "vpn won't connect" }, ctx).state;
  const turns: Input[] = [
    { kind: 'text', text: 'the hotel wifi keeps asking for my room number' },
    { kind: 'text', text: 'it says error 721 remote peer not responding' },
    { kind: 'text', text: 'yes' },
    { kind: 'text', text: 'i want to talk to a real person pls' },
  ];
  let i = 0;

  const bench = new Bench({ time: 1500, warmup: true });
  bench
    .add('lookup: exact code (721)', () => void lookup.lookup('721'))
    .add('lookup: code in a range (790)', () => void lookup.lookup('790'))
    .add('lookup: pasted error text', () => void lookup.lookup('the remote server is not responding'))
    .add('render: Adaptive Card', () => void renderAdaptiveCard(card))
    .add('render: Block Kit', () => void renderBlockKit({ kind: 'card', card }))
    .add('render: text', () => void renderText({ kind: 'card', card }))
    .add(
      'NLU: classify one message',
      () => void language.nlu.classify('vpn keeps saying my password is wrong'),
    )
    .add('engine: one triage turn, NLU included', () => {
      const input = turns[i++ % turns.length] as Input;
      void transition(structuredClone(asking), input, ctx);
    })
    .add(
      'engine: fresh conversation turn',
      () => void transition(initialState(ctx.now), turns[0] as Input, ctx),
    );
  await bench.run();

  return bench.tasks.map((task) => {
    const r = task.result as unknown as { latency?: { mean: number; p99: number } };
    const lat = r.latency ?? { mean: Number.NaN, p99: Number.NaN };
    const isTurn = task.name.startsWith('engine: one triage turn');
    return {
      section: 'In-process',
      name: task.name,
      value: `mean ${ms(lat.mean)}, p99 ${ms(lat.p99)}`,
      bar: isTurn ? 'p99 < 2 ms' : undefined,
      pass: isTurn ? lat.p99 < 2 : undefined,
    };
  });
}
