// Messages the bot cannot deliver are not retried forever: a few tries with growing gaps, then an "Undelivered"
// list on the agent console with Retry and Discard, counted by `vpnbot insights`; on SQLite and PostgreSQL alike,
// including a database made by the release before. The user is on SMS; the provider is a local stub.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OUTBOX_RETRY } from '../src/app/outbox-retry.ts';
import { launchChromium } from './helpers/browser.ts';
import { runCli } from './helpers/cli-run.ts';
import { createPgTestDb, type PgTestDb } from './helpers/pg-test-db.ts';
import { type SmsProvider, startSmsProvider } from './helpers/sms-provider-stub.ts';
import { type SmsHarness, startSmsHarness } from './helpers/sms-server.ts';
import { tempDataDir } from './helpers/web-server.ts';

let provider: SmsProvider;
let pg: PgTestDb;
beforeAll(async () => {
  provider = await startSmsProvider();
  pg = await createPgTestDb();
});
afterAll(async () => {
  await provider?.close();
  await pg?.drop();
});

let numbers = 0;
/** A fresh user number per case ("+1555123" and four digits), so tries are counted per case. */
const aNumber = () => `+1555123${String(++numbers).padStart(4, '0')}`;
const digitsOf = (n: string) => new RegExp(n.slice(-7).split('').join('\\D?'));

/** The user at `number` asks for a person over SMS and Dana claims the case: her "joined" message is queued. */
async function claimedCase(h: SmsHarness, number: string): Promise<string> {
  const before = new Set((await h.agentApi('/cases')).json.cases.map((c: { id: string }) => c.id));
  await h.text(number, 'talk to a person');
  const opened = (await h.agentApi('/cases')).json.cases.find((c: { id: string }) => !before.has(c.id));
  expect((await h.agentApi(`/cases/${opened.id}/claim`, { agent: 'Dana' })).status).toBe(200);
  await h.composed.handoffs.dispatch();
  return opened.id;
}

/** Moves the clock by `ms` and runs a delivery pass. */
async function later(h: SmsHarness, ms: number) {
  h.clock.now += ms;
  await h.composed.handoffs.dispatch();
}

interface ListedDeadLetter {
  id: number;
  what: string;
  to: string;
  caseId?: string;
  attempts: number;
  lastError: string;
  deadAt: number;
}
const undelivered = async (h: SmsHarness) =>
  (await h.agentApi('/dead-letters')).json as { pending: number; dead: number; items: ListedDeadLetter[] };
const deadLetterOf = async (h: SmsHarness, caseId: string) =>
  (await undelivered(h)).items.find((i) => i.caseId === caseId);

const STORES = [
  { store: 'a SQLite file', env: (): Record<string, string> => ({}) },
  { store: 'PostgreSQL', env: (): Record<string, string> => ({ DATABASE_URL: pg.url() }) },
];

describe.each(STORES)('undeliverable messages on $store', ({ env }) => {
  let h: SmsHarness;
  beforeAll(async () => {
    h = await startSmsHarness({ ...env(), TWILIO_API_URL: provider.url });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a message the provider never takes is tried 8 times with growing gaps, then waits under Undelivered', async () => {
    const number = aNumber();
    provider.answers.set(number, { status: 503, code: 20503 });
    const caseId = await claimedCase(h, number);
    expect(provider.triesTo(number)).toBe(1);

    // After try k the next one comes 5 s · 2^(k-1) later, give or take the 10 % jitter: never sooner, surely then.
    for (let tried = 1; tried < OUTBOX_RETRY.maxAttempts; tried++) {
      const gap = OUTBOX_RETRY.firstDelayMs * 2 ** (tried - 1);
      await later(h, Math.floor(gap * 0.9) - 1);
      expect(provider.triesTo(number), `try ${tried + 1} came too soon`).toBe(tried);
      await later(h, Math.ceil(gap * 0.2) + 2);
      expect(provider.triesTo(number), `try ${tried + 1} did not come`).toBe(tried + 1);
    }
    const gaveUpAt = h.clock.now;
    await later(h, 86_400_000);
    expect(provider.triesTo(number)).toBe(OUTBOX_RETRY.maxAttempts);

    const listed = await deadLetterOf(h, caseId);
    expect(listed).toMatchObject({
      what: 'Message to the user',
      to: 'SMS',
      caseId,
      attempts: 8,
      lastError: 'SMS API answered 503 (code 20503)',
      deadAt: gaveUpAt,
    });
    expect(JSON.stringify(await undelivered(h))).not.toMatch(digitsOf(number));

    // Retry goes at once and starts the count afresh: one more failure is not the end of it.
    expect((await h.agentApi(`/dead-letters/${listed?.id}/retry`, { agent: 'Dana' })).status).toBe(200);
    await h.composed.handoffs.dispatch();
    expect(provider.triesTo(number)).toBe(OUTBOX_RETRY.maxAttempts + 1);
    expect(await deadLetterOf(h, caseId)).toBeUndefined();
    expect((await h.agentApi(`/dead-letters/${listed?.id}/retry`, {})).status).toBe(404);

    // The provider works again: the next try delivers it, once.
    provider.answers.delete(number);
    await later(h, OUTBOX_RETRY.firstDelayMs * 1.2);
    expect(provider.deliveredTo(number)).toEqual([
      expect.stringMatching(/Dana from the help desk has joined/),
    ]);
    expect(await undelivered(h)).toMatchObject({ dead: 0 });
  });

  it.each([
    {
      provider: 'answers 400, code 21610 (the number opted out there)',
      answer: { status: 400, code: 21610 },
      outcome: 'given up',
    },
    {
      provider: 'answers 403, code 21612 (cannot reach that carrier)',
      answer: { status: 403, code: 21612 },
      outcome: 'given up',
    },
    { provider: 'answers 404 (no such account)', answer: { status: 404, code: 20404 }, outcome: 'given up' },
    {
      provider: 'answers 429 (too many requests)',
      answer: { status: 429, code: 20429 },
      outcome: 'tried again',
    },
    { provider: 'answers 500', answer: { status: 500, code: 20500 }, outcome: 'tried again' },
    { provider: 'answers 503', answer: { status: 503, code: 20503 }, outcome: 'tried again' },
    { provider: 'drops the connection', answer: 'drop' as const, outcome: 'tried again' },
  ])('when the provider $provider, the message is $outcome', async ({ answer, outcome }) => {
    const number = aNumber();
    provider.answers.set(number, answer);
    const caseId = await claimedCase(h, number);
    await later(h, OUTBOX_RETRY.firstDelayMs * 1.2);
    const listed = await deadLetterOf(h, caseId);
    if (outcome === 'given up') {
      expect(provider.triesTo(number)).toBe(1);
      expect(listed).toMatchObject({ attempts: 1, to: 'SMS' });
      expect(listed?.lastError).toMatch(/^SMS API answered 4\d\d \(code \d+\)$/);
    } else {
      expect(provider.triesTo(number)).toBe(2);
      expect(listed).toBeUndefined();
    }
    provider.answers.delete(number);
  });

  it('Discard drops a message for good; an unknown or malformed id is a 404, not a crash', async () => {
    const number = aNumber();
    provider.answers.set(number, { status: 400, code: 21211 });
    const caseId = await claimedCase(h, number);
    const listed = await deadLetterOf(h, caseId);
    expect((await h.agentApi(`/dead-letters/${listed?.id}/discard`, { agent: 'Dana' })).status).toBe(200);
    expect(await deadLetterOf(h, caseId)).toBeUndefined();
    provider.answers.delete(number);
    await later(h, 86_400_000);
    expect(provider.triesTo(number)).toBe(1);
    for (const id of [String(listed?.id), '999999999', 'abc', '-1', '1e3', '12345678901234567890'])
      for (const op of ['retry', 'discard'])
        expect((await h.agentApi(`/dead-letters/${id}/${op}`, {})).status, `${op} ${id}`).toBe(404);
  });

  it('`vpnbot insights` counts the messages waiting and the ones given up on', async () => {
    const waiting = aNumber();
    const refused = aNumber();
    provider.answers.set(waiting, { status: 500 });
    provider.answers.set(refused, { status: 400, code: 21610 });
    await claimedCase(h, waiting);
    await claimedCase(h, refused);
    const { pending, dead } = await undelivered(h);
    expect(pending).toBeGreaterThanOrEqual(1);
    expect(dead).toBeGreaterThanOrEqual(1);

    vi.stubEnv('DATA_DIR', h.dataDir);
    vi.stubEnv('DATABASE_URL', env().DATABASE_URL ?? '');
    vi.stubEnv('LOG_LEVEL', 'silent');
    try {
      const json = await runCli(['insights', '--json']);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.out).outbox).toEqual({ pending, dead });
      const text = await runCli(['insights']);
      expect(text.out).toContain(`Messages waiting to be delivered: ${pending}`);
      expect(text.out).toContain(`Messages given up on: ${dead} (see Undelivered on the agent console)`);
    } finally {
      vi.unstubAllEnvs();
      provider.answers.delete(waiting);
      provider.answers.delete(refused);
    }
  });
});

describe('the Undelivered list on the agent console, on a phone', () => {
  let h: SmsHarness;
  beforeAll(async () => {
    h = await startSmsHarness({ TWILIO_API_URL: provider.url });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

  it('shows what was not delivered, to whom and why, and Retry sends it', async () => {
    const number = aNumber();
    provider.answers.set(number, { status: 400, code: 21610 });
    const caseId = await claimedCase(h, number);
    const browser = await launchChromium();
    try {
      // bypassCSP lets the test add axe to the page, as the console's own browser test does.
      const page = await browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
      const pageErrors: string[] = [];
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await page.goto(`${h.url}/agent`);
      const item = page.locator('#undelivered-list > li', { hasText: caseId });
      await item.waitFor();
      await expect(page.locator('#undelivered-alert').textContent()).resolves.toBe('1 undelivered');
      const shown = (await item.locator('h3, dt, dd, p').allTextContents()).join(' ');
      for (const fact of [
        `Message to the user · ${caseId}`,
        'To SMS',
        'Tried 1 time',
        'Last error SMS API answered 400 (code 21610)',
        'Dana from the help desk has joined',
      ])
        expect(shown).toContain(fact);
      expect(await page.locator('body').textContent()).not.toMatch(digitsOf(number));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      await page.addScriptTag({ path: axeSource });
      const violations = await page.evaluate(async () => {
        const axe = (
          window as unknown as { axe: { run(c: string): Promise<{ violations: AxeViolation[] }> } }
        ).axe;
        return (await axe.run('#undelivered')).violations;
      });
      expect(
        violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id),
      ).toEqual([]);

      provider.answers.delete(number);
      await item.getByRole('button', { name: 'Retry' }).click();
      await page.locator('#undelivered-summary', { hasText: 'Nothing undelivered' }).waitFor();
      await expect(page.locator('#undelivered-alert').isHidden()).resolves.toBe(true);
      for (
        const deadline = Date.now() + 15_000;
        !provider.deliveredTo(number).length && Date.now() < deadline;
      )
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(provider.deliveredTo(number)).toEqual([
        expect.stringMatching(/Dana from the help desk has joined/),
      ]);
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

/** The outbox table as the release before this one made it, in SQLite and in PostgreSQL. */
const OLD_OUTBOX = {
  sqlite: `CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, payload TEXT NOT NULL,
             attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL, last_error TEXT);
           CREATE INDEX outbox_due ON outbox (next_at);`,
  pg: (schema: string) => `CREATE TABLE ${schema}.outbox (id BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL,
             payload TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at BIGINT NOT NULL, last_error TEXT);
           CREATE INDEX outbox_due ON ${schema}.outbox (next_at, id);`,
};
const START = Date.UTC(2026, 10, 25, 10);
const oldRow = (number: string) => ({
  kind: 'user',
  payload: JSON.stringify({
    channel: 'sms',
    address: { number },
    replies: [{ kind: 'text', text: 'Dana: is it working now?' }],
  }),
});

describe('a database made by the release before', () => {
  const upgraded: PgTestDb[] = [];
  afterAll(async () => {
    for (const db of upgraded) await db.drop();
  });

  it.each([
    {
      store: 'a SQLite file',
      made: async (number: string) => {
        const dataDir = tempDataDir();
        const db = new Database(join(dataDir, 'vpnbot.sqlite'));
        db.exec(OLD_OUTBOX.sqlite);
        const row = oldRow(number);
        db.prepare(
          'INSERT INTO outbox (kind, payload, attempts, next_at, last_error) VALUES (?, ?, 3, ?, ?)',
        ).run(row.kind, row.payload, START, 'SMS API answered 500');
        db.close();
        return { DATA_DIR: dataDir };
      },
    },
    {
      store: 'PostgreSQL',
      made: async (number: string) => {
        const old = await createPgTestDb();
        upgraded.push(old);
        await old.admin(OLD_OUTBOX.pg(old.schema));
        const row = oldRow(number);
        await old.admin(
          `INSERT INTO ${old.schema}.outbox (kind, payload, attempts, next_at, last_error) VALUES ($1, $2, 3, $3, $4)`,
          [row.kind, row.payload, START, 'SMS API answered 500'],
        );
        return { DATABASE_URL: old.url() };
      },
    },
  ])(
    'on $store starts, delivers what it had queued, and keeps dead letters from then on',
    async ({ made }) => {
      const queued = aNumber();
      const h = await startSmsHarness({ ...(await made(queued)), TWILIO_API_URL: provider.url });
      try {
        await h.composed.handoffs.dispatch();
        expect(provider.deliveredTo(queued)).toEqual(['Dana: is it working now?']);

        const refused = aNumber();
        provider.answers.set(refused, { status: 400, code: 21610 });
        const caseId = await claimedCase(h, refused);
        expect(await deadLetterOf(h, caseId)).toMatchObject({ attempts: 1 });
        expect(await undelivered(h)).toMatchObject({ pending: 0, dead: 1 });
        provider.answers.delete(refused);
      } finally {
        await h.stop();
      }
    },
  );
});
