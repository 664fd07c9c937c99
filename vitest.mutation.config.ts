// The vitest settings mutation runs use (stryker.config.mjs): the normal ones, but only the test files that exercise
// the mutated modules, the quickest first.
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base from './vitest.config.ts';

/**
 * Files that failed last run first (they likely kill the next mutant of the same module), then the quickest (by last
 * duration, else by size): Stryker stops at the first failing test, so a mutant is usually killed in seconds
 * instead of after the HTTP-level suites have started their servers.
 */
class QuickestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const rank = (spec: TestSpecification) => {
      const result = this.ctx.cache.getFileTestResults(
        `${spec.project.name}:${relative(root, spec.moduleId)}`,
      );
      return {
        failed: result?.failed ? 0 : 1,
        duration: result?.duration,
        size: statSync(spec.moduleId).size,
      };
    };
    const ranked = files.map((spec) => ({ spec, ...rank(spec) }));
    ranked.sort(
      (a, b) =>
        a.failed - b.failed ||
        (a.duration !== undefined && b.duration !== undefined ? a.duration - b.duration : a.size - b.size),
    );
    return ranked.map((r) => r.spec);
  }
}

/** The tests that exercise the mutated modules; the rest of the suite adds hours and no kills. */
const MUTATION_TESTS = [
  'test/redact*.test.ts',
  'test/render-adaptive-escape.test.ts',
  'test/render-escape-edges.test.ts',
  'test/render-adaptive.test.ts',
  'test/render-block-kit.test.ts',
  'test/render-text.test.ts',
  'test/loopback*.test.ts',
  'test/teams-units.test.ts',
  'test/web-chat-access.test.ts',
  'test/handoff-console.test.ts',
  'test/console-identity.test.ts',
  'test/console-sign-in-edges.test.ts',
  'test/sms-webhook.test.ts',
  'test/sms-signature-edges.test.ts',
  'test/slack-events.test.ts',
  'test/slack-request-window.test.ts',
  'test/sqlite-store.test.ts',
  'test/sqlite-handoff-store.test.ts',
  'test/handoff-service-open.test.ts',
  'test/handoff-webhook.test.ts',
  'test/pg-stores.test.ts',
  'test/read-codes.test.ts',
  'test/code-reading-edges.test.ts',
  'test/code-finder-cues.test.ts',
  'test/code-finder-not-codes.test.ts',
  'test/code-finder-shapes.test.ts',
  'test/code-lookup.test.ts',
  'test/nlu.test.ts',
];

/** The normal settings with only MUTATION_TESTS, run quickest first; Stryker loads this instead of vitest.config.ts. */
export default defineConfig({
  test: { ...base.test, include: MUTATION_TESTS, sequence: { sequencer: QuickestFirst } },
});
