// Prints an answers-in-context evaluation: per question, understood / asked back / missed / confidently wrong.
import type { AnswerReport, AnswerTally } from '../app/answer-eval.ts';

const MAX_SHOWN = 40;
const share = (part: number, t: AnswerTally) => (t.n ? part / t.n : 0);
const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)}%`;
const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** The report as text for a person: the table per question, then the lines it got wrong or missed. */
export function answersText(file: string, r: AnswerReport): string {
  const row = (name: string, t: AnswerTally) =>
    `${name.padEnd(14)} ${String(t.n).padStart(5)}  ${pct(share(t.correct, t))}  ${pct(share(t.clarified, t))}  ${pct(share(t.missed, t))}  ${pct(share(t.wrong, t))}`;
  const lines = [
    `Answers in context, ${file}: ${r.overall.n} lines`,
    `${'question'.padEnd(14)} lines  understood  asked    missed   wrong`,
    ...Object.entries(r.perNode).map(([node, t]) => row(node, t)),
    row('all', r.overall),
  ];
  const bad = r.results.filter((x) => !x.correct);
  if (bad.length) {
    lines.push('', `not understood${bad.length > MAX_SHOWN ? ` (first ${MAX_SHOWN})` : ''}:`);
    for (const x of bad.slice(0, MAX_SHOWN))
      lines.push(
        `  line ${x.line} [${x.node}] ${JSON.stringify(x.text)} → ${x.got} (expected ${x.expected})`,
      );
  }
  return lines.join('\n');
}

const tallyJson = (t: AnswerTally) => ({
  n: t.n,
  accuracy: round(share(t.correct, t)),
  clarifyRate: round(share(t.clarified, t)),
  missRate: round(share(t.missed, t)),
  wrongRate: round(share(t.wrong, t)),
});

/** The report as one JSON object: overall `accuracy` and `wrongRate` (confidently wrong), per question, and the misses. */
export function answersJson(file: string, r: AnswerReport) {
  return {
    file,
    kind: 'answers',
    ...tallyJson(r.overall),
    perNode: Object.fromEntries(Object.entries(r.perNode).map(([node, t]) => [node, tallyJson(t)])),
    mistakes: r.results.filter((x) => !x.correct),
  };
}
