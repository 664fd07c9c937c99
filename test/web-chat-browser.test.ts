// The web chat in real headless Chromium at phone size: cards rendered by adaptivecards, taps, reloads, errors.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.ts';
import { launchChromium } from './helpers/browser.ts';
import { type HandoffHarness, startHandoffHarness } from './helpers/handoff-server.ts';
import { startTestServer } from './helpers/web-server.ts';

const PHONE = { width: 390, height: 844 };
const SCREENSHOT = process.env.WEBCHAT_SCREENSHOT;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser: Browser;
let server: RunningServer;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Watched {
  page: Page;
  pageErrors: string[];
  turns: () => number;
}

/** A phone-sized page on the chat that records script errors, CSP violations and how many turns it posted. */
async function openChat(): Promise<Watched> {
  const context = await browser.newContext({ viewport: PHONE, hasTouch: true });
  contexts.push(context);
  await context.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { cspViolations: seen });
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  let turns = 0;
  page.on('request', (req) => {
    if (req.url().endsWith('/web/api/turn')) turns++;
  });
  await page.goto(`${server.url}/`);
  return { page, pageErrors, turns: () => turns };
}

const card = (page: Page, text: string) => page.locator('.ac-adaptiveCard', { hasText: text }).last();
const tap = (page: Page, cardText: string, button: string) =>
  card(page, cardText).getByRole('button', { name: button, exact: true }).click();

async function type(page: Page, text: string): Promise<void> {
  await page.locator('#input').fill(text);
  await page.locator('#input').press('Enter');
}

const cspViolations = (page: Page) =>
  page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

/** Elements wider than the phone: anything that would make the page scroll sideways. */
const overflow = (page: Page) =>
  page.evaluate(() => ({
    page: document.documentElement.scrollWidth - window.innerWidth,
    log: document.getElementById('scroller')?.scrollWidth ?? 0,
    logWidth: document.getElementById('scroller')?.clientWidth ?? 0,
    outside: Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((el) => el.className || el.tagName),
  }));

describe('the web chat in a phone-sized browser', () => {
  it('greets, explains 721, follows taps, survives a reload and carries on', async () => {
    const { page, pageErrors, turns } = await openChat();
    await card(page, 'VPN help bot').waitFor();
    expect(await page.locator('#log > li').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('input');

    // The turn is held until the page shows "typing…": a turn as slow as it takes, whatever the machine's speed.
    let held: Promise<void> | undefined;
    let release = () => {};
    await page.route('**/web/api/turn', async (route) => {
      await held;
      await route.continue();
    });
    held = new Promise((resolve) => {
      release = resolve;
    });
    await type(page, 'error 721');
    await page.locator('#typing').waitFor({ state: 'visible' });
    expect(await page.locator('#send').isDisabled()).toBe(true);
    expect(await page.locator('#input').inputValue()).toBe('');
    held = undefined;
    release();
    await card(page, 'GRE').waitFor();
    expect(await card(page, 'GRE').textContent()).toContain('721');
    expect(await page.locator('#typing').isHidden()).toBe(true);
    expect(await page.locator('#send').isEnabled()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('input');
    expect(await page.locator('.msg.user').last().textContent()).toBe('error 721');
    expect(await card(page, 'Error 721').locator('strong', { hasText: '1.' }).count()).toBe(1);
    expect(await card(page, 'Error 721').textContent()).not.toContain('**');

    await tap(page, 'VPN help bot', 'Start VPN troubleshooting');
    await card(page, 'Is the internet really working').waitFor();
    await tap(page, 'Is the internet really working', 'It loads');
    await card(page, 'Which kind of VPN').waitFor();
    expect(await page.locator('.msg.user').last().textContent()).toBe('It loads');
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT });

    const shown = await page.locator('#log > li').count();
    const conversationId = await page.evaluate(() => localStorage.getItem('vpnbot.webchat.v1'));
    const turnsBefore = turns();
    await page.reload();
    await card(page, 'Which kind of VPN').waitFor();
    expect(await page.locator('#log > li').count()).toBe(shown);
    expect(await page.locator('.msg.user', { hasText: 'error 721' }).count()).toBe(1);
    expect(await page.locator('.ac-adaptiveCard', { hasText: 'GRE' }).count()).toBe(1);
    expect(turns()).toBe(turnsBefore);

    await tap(page, 'Which kind of VPN', 'PPTP');
    await card(page, 'hotspot').waitFor();
    expect(await card(page, 'hotspot').textContent()).toContain('GRE');
    await type(page, 'yes');
    await card(page, 'This network blocks the VPN').waitFor();
    expect(await card(page, 'This network blocks the VPN').textContent()).toContain('PPTP');
    expect(await page.locator('.msg.note').count()).toBe(0);
    expect(JSON.parse(conversationId ?? '{}').conversationId).toBe(
      JSON.parse((await page.evaluate(() => localStorage.getItem('vpnbot.webchat.v1'))) ?? '{}')
        .conversationId,
    );

    const sideways = await overflow(page);
    expect(sideways.page).toBeLessThanOrEqual(0);
    expect(sideways.log).toBeLessThanOrEqual(sideways.logWidth);
    expect(sideways.outside).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('shows a short line instead of raw errors, opens links safely, renders markup as text, and starts over', async () => {
    const { page, pageErrors } = await openChat();
    await card(page, 'VPN help bot').waitFor();
    const before = await page.evaluate(() => localStorage.getItem('vpnbot.webchat.v1'));

    await page.route('**/web/api/turn', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":"internal detail"}' }),
    );
    await type(page, 'hello');
    await page.locator('.msg.note', { hasText: 'Couldn’t reach the bot' }).waitFor();
    expect(await page.locator('#log').textContent()).not.toContain('internal detail');
    await page.unroute('**/web/api/turn');

    await page.route('**/web/api/turn', (route) => route.abort('connectionrefused'));
    await type(page, 'hello again');
    await page.locator('.msg.note').nth(1).waitFor({ timeout: 5000 });
    await page.unroute('**/web/api/turn');

    const link = `${server.url}/healthz`;
    const injected = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        {
          type: 'TextBlock',
          text: 'Careful <img src=x onerror="document.title=1"> \\*not bold\\*',
          wrap: true,
        },
      ],
      actions: [{ type: 'Action.OpenUrl', title: 'Open the portal', url: link }],
    };
    await page.route('**/web/api/turn', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ replies: [{ card: injected }, { text: '**bold** <b>not html</b>' }] }),
      }),
    );
    await type(page, 'show me');
    await card(page, 'Careful').waitFor();
    expect(await page.locator('#log img, #log b').count()).toBe(0);
    expect(await card(page, 'Careful').textContent()).toContain('<img src=x');
    expect(await card(page, 'Careful').textContent()).toContain('*not bold*');
    expect(await page.locator('#log .msg.bot .bubble').last().innerHTML()).toBe(
      '<p><strong>bold</strong> &lt;b&gt;not html&lt;/b&gt;</p>',
    );
    await page.unroute('**/web/api/turn');
    const [popup] = await Promise.all([
      page.context().waitForEvent('page'),
      card(page, 'Careful').getByRole('link', { name: 'Open the portal' }).click(),
    ]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe(link);
    expect(await popup.evaluate(() => window.opener)).toBeNull();
    await popup.close();

    await page.locator('#restart').click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^Start over/ })
      .click();
    await expect.poll(() => page.locator('#log > li').count()).toBe(1);
    await card(page, 'VPN help bot').waitFor();
    const after = await page.evaluate(() => localStorage.getItem('vpnbot.webchat.v1'));
    expect(JSON.parse(after ?? '{}').conversationId).not.toBe(JSON.parse(before ?? '{}').conversationId);
    expect(await cspViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

describe('a message to a help-desk agent', () => {
  let h: HandoffHarness;
  let serverStopped = false;
  beforeAll(async () => {
    h = await startHandoffHarness();
    h.composed.handoffs.start(200);
  });
  afterAll(async () => {
    if (!serverStopped) await h?.stop();
    else await h?.composed.close();
  });

  const caseLines = async () =>
    ((await h.agentApi('/cases')).json.cases[0].lines as { from: string; text: string }[])
      .filter((l) => l.from === 'user')
      .map((l) => l.text);
  const settled = (page: Page) => page.locator('#typing').waitFor({ state: 'hidden' });

  it('looks sent when the agent got it, and says "not sent" and keeps the text when it did not', async () => {
    const context = await browser.newContext({ viewport: PHONE, hasTouch: true });
    contexts.push(context);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${h.url}/`);
    await card(page, 'VPN help bot').waitFor();
    await type(page, 'talk to a person');
    await page.getByText('Getting you a person').waitFor();
    const { id } = (await h.agentApi('/cases')).json.cases[0];
    expect((await h.agentApi(`/cases/${id}/claim`, { agent: 'Dana' })).status).toBe(200);
    await page.getByText('Dana from the help desk has joined').waitFor({ timeout: 10_000 });

    // Delivered: the agent has it, the page shows no error and the bubble is marked sent.
    await type(page, 'I am on hotel wifi');
    await settled(page);
    const delivered = page.locator('#log .msg.user', { hasText: 'I am on hotel wifi' });
    await expect.poll(() => caseLines()).toContain('I am on hotel wifi');
    expect(await page.locator('#log .msg.note').count()).toBe(0);
    expect(await delivered.getAttribute('data-status')).toBe('sent');
    expect(await delivered.locator('.status').textContent()).toBe('Sent');
    expect(await delivered.getByRole('button').count()).toBe(0);

    // The store is down (503 with its "try again" line): the text stays on a "not sent" bubble with a retry.
    await page.route('**/web/api/turn', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ replies: [{ text: "Sorry, I can't reach my memory right now." }] }),
      }),
    );
    await type(page, 'my laptop is a ThinkPad');
    await settled(page);
    const failed = page.locator('#log .msg.user', { hasText: 'my laptop is a ThinkPad' });
    expect(await failed.getAttribute('data-status')).toBe('failed');
    expect(await failed.locator('.status').textContent()).toContain('Not sent');
    expect(await page.locator('#log .msg.note').last().textContent()).toContain("can't reach my memory");
    expect(await caseLines()).not.toContain('my laptop is a ThinkPad');
    const retry = failed.getByRole('button', { name: /retry/i });
    expect((await retry.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
    await page.unroute('**/web/api/turn');

    // Still "not sent" after a reload; its Retry delivers it once, marks it sent and drops the error line.
    await page.reload();
    await failed.waitFor();
    expect(await failed.getAttribute('data-status')).toBe('failed');
    await failed.getByRole('button', { name: /retry/i }).click();
    await expect.poll(() => failed.getAttribute('data-status')).toBe('sent');
    await expect.poll(() => caseLines()).toContain('my laptop is a ThinkPad');
    expect((await caseLines()).filter((t) => t === 'my laptop is a ThinkPad')).toHaveLength(1);
    expect(await page.locator('#log .msg.user', { hasText: 'my laptop is a ThinkPad' }).count()).toBe(1);
    expect(await failed.getByRole('button').count()).toBe(0);
    expect(await page.locator('#log .msg.note').count()).toBe(0);

    // The server stops: after its one retry the page says so and keeps the text.
    await h.server.close();
    serverStopped = true;
    await type(page, 'are you still there?');
    const lost = page.locator('#log .msg.user', { hasText: 'are you still there?' });
    await expect.poll(() => lost.getAttribute('data-status'), { timeout: 8000 }).toBe('failed');
    expect(await lost.getByRole('button', { name: /retry/i }).isVisible()).toBe(true);
    expect(await page.locator('#log .msg.note').last().textContent()).toContain('Couldn’t reach the bot');
    const saved = JSON.parse((await page.evaluate(() => localStorage.getItem('vpnbot.webchat.v1'))) ?? '{}');
    expect(saved.entries.at(-1)).toMatchObject({
      from: 'user',
      text: 'are you still there?',
      status: 'failed',
    });
    expect(pageErrors).toEqual([]);
  });
});

/** Runs axe-core in the page (served same-origin, so the page's CSP stays as it is); the critical and serious findings. */
async function axeFindings(page: Page): Promise<string[]> {
  await page.route('**/__test__/axe.min.js', (route) =>
    route.fulfill({ contentType: 'text/javascript', body: AXE_SOURCE }),
  );
  if (!(await page.evaluate(() => 'axe' in window)))
    await page.addScriptTag({ url: new URL('/__test__/axe.min.js', page.url()).href });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document): Promise<AxeResults> } }).axe;
    return (await axe.run(document)).violations;
  });
  return violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.impact} ${v.id} ×${v.nodes.length}: ${v.nodes[0]?.target.join(' ')}`);
}
interface AxeResults {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}

/** A phone chat with a code card (721), a question answered and an advice card with steps. */
async function chatWithCards(): Promise<Watched> {
  const watched = await openChat();
  const { page } = watched;
  await card(page, 'VPN help bot').waitFor();
  await type(page, 'error 721');
  await card(page, 'GRE').waitFor();
  await tap(page, 'VPN help bot', 'Start VPN troubleshooting');
  await tap(page, 'Is the internet really working', 'It loads');
  await tap(page, 'Which kind of VPN', 'PPTP');
  await card(page, 'hotspot').waitFor();
  await type(page, 'yes');
  await card(page, 'This network blocks the VPN').waitFor();
  return watched;
}

describe('the web chat for everyone', () => {
  it('has no critical or serious axe-core findings after a question, an advice card with steps and a code card', async () => {
    const { page, pageErrors } = await chatWithCards();
    expect(await axeFindings(page)).toEqual([]);
    const headings = await page
      .locator('#log [role="heading"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('aria-level')));
    expect(headings.length).toBeGreaterThanOrEqual(5);
    expect(new Set(headings)).toEqual(new Set(['2']));
    expect(await page.locator('main form#composer').count()).toBe(1);

    await page.locator('#restart').click();
    await page.getByRole('dialog').waitFor();
    expect(await axeFindings(page)).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('makes every touch target at least 44 px high and no choice look preferred', async () => {
    const { page, pageErrors } = await chatWithCards();
    const small = await page.evaluate(() =>
      Array.from(document.querySelectorAll('button, input, select, textarea, label.attach, [role="button"]'))
        .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
        .map((el) => ({
          el: el.id || el.textContent?.trim() || el.className,
          h: el.getBoundingClientRect().height,
        }))
        .filter(({ h }) => h < 44),
    );
    expect(small).toEqual([]);

    const backgrounds = (cardText: string) =>
      card(page, cardText)
        .locator('.ac-pushButton')
        .evaluateAll((els) => els.map((el) => getComputedStyle(el).backgroundColor));
    const questions = [
      'Is the internet really working',
      'Which kind of VPN',
      'Does the VPN connect if you use',
    ];
    for (const question of questions) {
      const colours = await backgrounds(question);
      expect(colours.length, question).toBeGreaterThanOrEqual(3);
      expect(new Set(colours), question).toEqual(new Set([colours[0]]));
    }
    const greeting = await backgrounds('VPN help bot');
    expect(greeting[0]).not.toBe(greeting[1]);
    expect(pageErrors).toEqual([]);
  });

  it('asks before starting over, in the page, with the focus on the choice and back after Cancel', async () => {
    const { page, pageErrors } = await openChat();
    await card(page, 'VPN help bot').waitFor();
    await type(page, 'error 721');
    await card(page, 'GRE').waitFor();
    const before = await page.evaluate(() => localStorage.getItem('vpnbot.webchat.v1'));
    const shown = await page.locator('#log > li').count();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });

    await page.locator('#restart').click();
    const confirm = page.getByRole('dialog', { name: /start over/i });
    await confirm.waitFor();
    expect(
      await page.evaluate(() => document.activeElement?.closest('[role="dialog"], dialog') !== null),
    ).toBe(true);
    for (const button of await confirm.getByRole('button').all())
      expect((await button.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('restart');
    expect(await page.locator('#log > li').count()).toBe(shown);
    expect(await page.evaluate(() => localStorage.getItem('vpnbot.webchat.v1'))).toBe(before);

    await page.locator('#restart').click();
    await confirm.waitFor();
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'hidden' });
    expect(await page.locator('#log > li').count()).toBe(shown);

    await page.locator('#restart').click();
    await confirm.getByRole('button', { name: /^Start over/ }).click();
    await expect.poll(() => page.locator('#log > li').count()).toBe(1);
    await card(page, 'VPN help bot').waitFor();
    const after = await page.evaluate(() => localStorage.getItem('vpnbot.webchat.v1'));
    expect(JSON.parse(after ?? '{}').conversationId).not.toBe(JSON.parse(before ?? '{}').conversationId);
    expect(dialogs).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
