// Scores an NLU against labelled examples: accuracy, per-intent precision/recall, confusions, code extraction.
import type { Nlu } from './create-nlu.ts';
import type { LabelledExample } from './labelled-file.ts';

/** Precision (null when the intent was never predicted) and recall of one intent, with counts. */
export interface IntentScore {
  precision: number | null;
  recall: number | null;
  support: number;
  predicted: number;
}

/** One line the NLU got wrong (intent or codes). */
export interface Mistake {
  line: number;
  text: string;
  expected: string;
  predicted: string;
  confidence: number;
  expectedCodes: number[];
  codes: number[];
}

/** The result of an evaluation; `codeAccuracy` is the share of all lines whose extracted code set equals the expected one. */
export interface EvalReport {
  n: number;
  accuracy: number;
  codeAccuracy: number;
  correct: number;
  codeCorrect: number;
  perIntent: Record<string, IntentScore>;
  confusions: { expected: string; predicted: string; count: number }[];
  mistakes: Mistake[];
}

const sameSet = (a: readonly number[], b: readonly number[]) => {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
};

/** Runs every example through `nlu` and scores the answers. */
export function evaluateNlu(nlu: Pick<Nlu, 'classify'>, examples: readonly LabelledExample[]): EvalReport {
  const tally = new Map<string, { tp: number; support: number; predicted: number }>();
  const count = (intent: string) => {
    let t = tally.get(intent);
    if (!t) {
      t = { tp: 0, support: 0, predicted: 0 };
      tally.set(intent, t);
    }
    return t;
  };
  const confusions = new Map<string, number>();
  const mistakes: Mistake[] = [];
  let correct = 0;
  let codeCorrect = 0;
  for (const e of examples) {
    const heard = nlu.classify(e.text);
    const intentOk = heard.intent === e.intent;
    const codesOk = sameSet(heard.codes, e.codes);
    count(e.intent).support++;
    count(heard.intent).predicted++;
    if (intentOk) {
      correct++;
      count(e.intent).tp++;
    } else {
      const key = `${e.intent}\u0000${heard.intent}`;
      confusions.set(key, (confusions.get(key) ?? 0) + 1);
    }
    if (codesOk) codeCorrect++;
    if (!intentOk || !codesOk)
      mistakes.push({
        line: e.line,
        text: e.text,
        expected: e.intent,
        predicted: heard.intent,
        confidence: Math.round(heard.confidence * 1000) / 1000,
        expectedCodes: e.codes,
        codes: heard.codes,
      });
  }
  const n = examples.length;
  const perIntent: Record<string, IntentScore> = {};
  for (const [intent, t] of [...tally].sort(([a], [b]) => a.localeCompare(b)))
    perIntent[intent] = {
      precision: t.predicted ? t.tp / t.predicted : null,
      recall: t.support ? t.tp / t.support : null,
      support: t.support,
      predicted: t.predicted,
    };
  return {
    n,
    accuracy: n ? correct / n : 0,
    codeAccuracy: n ? codeCorrect / n : 0,
    correct,
    codeCorrect,
    perIntent,
    confusions: [...confusions]
      .map(([key, c]) => {
        const [expected = '', predicted = ''] = key.split('\u0000');
        return { expected, predicted, count: c };
      })
      .sort((a, b) => b.count - a.count || a.expected.localeCompare(b.expected)),
    mistakes,
  };
}
