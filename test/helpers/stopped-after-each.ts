// Harnesses a test file starts, each stopped after the test that started it.
import { afterEach } from 'vitest';

/** Wraps a harness starter so that every harness it starts is stopped after each test (a failing stop is ignored). */
export function stoppedAfterEach<A extends unknown[], H extends { stop(): Promise<unknown> }>(
  start: (...args: A) => Promise<H>,
): (...args: A) => Promise<H> {
  const started: H[] = [];
  afterEach(async () => {
    for (const h of started.splice(0)) await h.stop().catch(() => {});
  });
  return async (...args) => {
    const h = await start(...args);
    started.push(h);
    return h;
  };
}
