// Mutation testing of the security-critical modules (`npm run mutation`, docs/operations.md, RELIABILITY.md).
// Not part of `npm test`: it takes tens of minutes on a 2-core machine.
import { readFileSync } from 'node:fs';

/**
 * `file:first-last` from the first line matching `start` to the end of the statement at the first line from there
 * matching `through` (where brackets balance again). Found by text, not line numbers, so edits elsewhere in the
 * file do not move the range.
 */
function rangeOf(file, start, through = start) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const first = lines.findIndex((line) => start.test(line));
  const last = lines.findIndex((line, i) => i >= first && through.test(line));
  if (first < 0 || last < 0)
    throw new Error(`stryker.config.mjs: ${start} or ${through} not found in ${file}`);
  let depth = 0;
  for (let i = first; i < lines.length; i++) {
    for (const c of lines[i]) depth += '([{'.includes(c) ? 1 : ')]}'.includes(c) ? -1 : 0;
    if (i >= last && depth === 0 && /[,;}]\s*$/.test(lines[i])) return `${file}:${first + 1}-${i + 1}`;
  }
  throw new Error(`stryker.config.mjs: the code at ${start} in ${file} never ends`);
}

/**
 * What `npm run mutation` mutates, how, and the 80 % it must reach (RELIABILITY.md, "Mutation testing").
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  // The test files to run are listed there: Stryker's own `testFiles` option would leave every mutant of a
  // module-level constant (most of the regular expressions here) untested, reported as survived.
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // A busy shared machine: a mutant counts as an endless loop only when it runs 20 s past its tests' normal time.
  timeoutMS: 20_000,
  mutate: [
    // Redaction: what never reaches a log, the store or an agent.
    'src/core/redact.ts',
    // Escaping: typed text shown as typed, links that can only be http(s).
    'src/render/escape.ts',
    'src/render/safe-url.ts',
    // Who counts as "this machine", the Slack replay window, the console's sign-in, the web chat's access.
    'src/channels/loopback.ts',
    'src/channels/slack/request-window.ts',
    'src/channels/console/console-auth.ts',
    'src/channels/console/trusted-proxies.ts',
    rangeOf('src/channels/web/web-access.ts', /^export function webChatAccess\(/),
    // The Twilio signature check, up to where a signed request is let through.
    rangeOf('src/channels/sms/sms-router.ts', /^\s+const params: /, /^\s+if \(!signature /),
    // Case opening: one open case per conversation, in the service and in each store.
    rangeOf('src/app/handoff-service.ts', /^\s+if \(await deps\.cases\.openFor\(key\)\) return;/),
    rangeOf('src/app/handoff-service.ts', /^\s+if \(!\(await deps\.cases\.create\(c\)\)\) return;/),
    rangeOf('src/store/sqlite-handoff-store.ts', /^\s+create: \(c\) =>/),
    rangeOf('src/store/pg-case-store.ts', /^\s+create: async \(c\) =>/),
    // Reading error codes out of what people type and what screenshots say.
    'src/core/read-codes.ts',
    'src/core/find-codes.ts',
    'src/core/parse-code.ts',
  ],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: 80 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
