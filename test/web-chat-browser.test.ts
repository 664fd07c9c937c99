// The web chat in real headless Chromium at phone size: cards rendered by adaptivecards, taps, reloads, errors.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.ts';
import { launchChromium } from './helpers/browser.ts';
import { startTestServer } from './helpers/web-server.ts';

const PHONE = { width: 390, height: 844 };
const SCREENSHOT = process.env.WEBCHAT_SCREENSHOT;

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

    let delayMs = 0;
    await page.route('**/web/api/turn', async (route) => {
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      await route.continue();
    });
    delayMs = 600;
    await type(page, 'error 721');
    await page.locator('#typing').waitFor({ state: 'visible' });
    expect(await page.locator('#send').isDisabled()).toBe(true);
    expect(await page.locator('#input').inputValue()).toBe('');
    await card(page, 'GRE').waitFor();
    delayMs = 0;
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
    await card(page, 'VPN help bot').waitFor();
    expect(await page.locator('#log > li').count()).toBe(1);
    const after = await page.evaluate(() => localStorage.getItem('vpnbot.webchat.v1'));
    expect(JSON.parse(after ?? '{}').conversationId).not.toBe(JSON.parse(before ?? '{}').conversationId);
    expect(await cspViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
