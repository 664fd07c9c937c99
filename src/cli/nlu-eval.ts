// `vpnbot nlu-eval <file.jsonl> [--json]`: how well the NLU does on a labelled file (docs/architecture.md §5.4).
import { parseArgs } from 'node:util';
import { evaluateAnswers, questionNames } from '../app/answer-eval.ts';
import { loadConfig } from '../config.ts';
import { contentFilesIn, loadContent } from '../content/load-content.ts';
import { createCodeLookup } from '../core/code-lookup.ts';
import { isAnswerFile, parseAnswerJsonl } from '../nlu/answer-file.ts';
import { createLanguage } from '../nlu/create-language.ts';
import { type EvalReport, evaluateNlu } from '../nlu/evaluate.ts';
import { LabelledFileError, parseLabelledJsonl, readTextFile } from '../nlu/labelled-file.ts';
import { answersJson, answersText } from './answer-eval-report.ts';
import type { CliIo } from './io.ts';

const USAGE = 'Usage: vpnbot nlu-eval <file.jsonl> [--json]';
const MAX_MISTAKES_SHOWN = 25;

const pct = (x: number | null) => (x === null ? '   -  ' : `${(x * 100).toFixed(1).padStart(5)}%`);
const round = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);

function reportText(file: string, r: EvalReport): string {
  const lines = [
    `NLU evaluation of ${file}: ${r.n} lines`,
    `accuracy        ${pct(r.accuracy)}  (${r.correct}/${r.n})`,
    `code accuracy   ${pct(r.codeAccuracy)}  (${r.codeCorrect}/${r.n})`,
    '',
    `${'intent'.padEnd(20)} precision  recall   lines`,
    ...Object.entries(r.perIntent).map(
      ([intent, s]) =>
        `${intent.padEnd(20)} ${pct(s.precision).padStart(9)}  ${pct(s.recall)}  ${String(s.support).padStart(5)}`,
    ),
    '',
    r.confusions.length ? 'confusions (expected → predicted):' : 'confusions: none',
    ...r.confusions.map((c) => `  ${String(c.count).padStart(3)}  ${c.expected} → ${c.predicted}`),
  ];
  if (r.mistakes.length) {
    lines.push(
      '',
      `mistakes${r.mistakes.length > MAX_MISTAKES_SHOWN ? ` (first ${MAX_MISTAKES_SHOWN})` : ''}:`,
    );
    for (const m of r.mistakes.slice(0, MAX_MISTAKES_SHOWN)) {
      const codes =
        m.codes.join(',') === m.expectedCodes.join(',')
          ? ''
          : `  codes [${m.codes.join(', ')}] expected [${m.expectedCodes.join(', ')}]`;
      lines.push(`  line ${m.line}: ${JSON.stringify(m.text)} → ${m.predicted} (${m.confidence})${codes}`);
    }
  }
  return lines.join('\n');
}

function reportJson(file: string, r: EvalReport) {
  return {
    file,
    n: r.n,
    accuracy: round(r.accuracy),
    codeAccuracy: round(r.codeAccuracy),
    correct: r.correct,
    codeCorrect: r.codeCorrect,
    perIntent: Object.fromEntries(
      Object.entries(r.perIntent).map(([intent, s]) => [
        intent,
        { ...s, precision: round(s.precision), recall: round(s.recall) },
      ]),
    ),
    confusions: r.confusions,
    mistakes: r.mistakes,
  };
}

/** Runs the evaluation; returns 0 when it ran, 2 for bad arguments or a bad file (named with its line). */
export async function nluEvalCommand(args: string[], io: CliIo): Promise<number> {
  let parsed: { values: { json?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  } catch (err) {
    io.err(`vpnbot nlu-eval: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) {
    io.err(`vpnbot nlu-eval: ${file ? 'one file at a time' : 'which file?'}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const content = loadContent(contentFilesIn(config.contentDir));
  const language = createLanguage(content);
  try {
    const text = readTextFile(file);
    if (isAnswerFile(text)) {
      const ctx = {
        ...language,
        now: Date.now(),
        flow: content.flow,
        lookup: createCodeLookup(content.entries),
        org: config.org,
        phrases: content.phrases,
        stepRules: content.stepRules,
        ttlMs: config.conversationTtlMs,
      };
      const lines = parseAnswerJsonl(text, file);
      const known = new Set(questionNames(ctx));
      const stray = lines.find((l) => !known.has(l.node));
      if (stray)
        throw new LabelledFileError(
          file,
          stray.line,
          `unknown question "${stray.node}"; expected one of ${[...known].join(', ')}`,
        );
      const report = evaluateAnswers(lines, ctx);
      io.out(parsed.values.json ? JSON.stringify(answersJson(file, report)) : answersText(file, report));
      return 0;
    }
    const report = evaluateNlu(language.nlu, parseLabelledJsonl(text, file));
    io.out(parsed.values.json ? JSON.stringify(reportJson(file, report)) : reportText(file, report));
    return 0;
  } catch (err) {
    if (!(err instanceof LabelledFileError)) throw err;
    io.err(`vpnbot nlu-eval: ${err.message}`);
    return 2;
  }
}
