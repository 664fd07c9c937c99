// `npm run screenshots`: redraws the README's pictures in docs/images/ — the web chat on a phone in the middle
// of a triage, and the bot's error card for 809 rendered with the Adaptive Cards renderer in a Teams-like frame.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { composeBot } from '../src/app/compose.ts';
import { createLogger } from '../src/app/logger.ts';
import { codeCommand } from '../src/cli/code-command.ts';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { launchChromium } from '../test/helpers/browser.ts';

const ROOT = join(import.meta.dirname, '..');
const OUT_DIR = join(ROOT, 'docs', 'images');
const MAX_BYTES = 150 * 1024;
/** An example organisation, so the pictures show a server name where an unconfigured bot shows a placeholder. */
const EXAMPLE_ORG = { VPN_SERVER_NAME: 'vpn.example.com' };
const PHONE = { width: 390, height: 844 };
const TEAMS_CODE = '809';
/** A made-up origin the Teams-like page is served from by request interception: nothing leaves the machine. */
const TEAMS_ORIGIN = 'http://teams-card.localhost';
const WAIT_MS = 30_000;
/**
 * Scrolls the chat back a little when an earlier card's button is sliced by the header, so the picture's top
 * edge falls between buttons; a shift over 24 px would hide the newest card's bottom instead, so none is made.
 */
const UNSLICE_TOP = `(() => {
  const scroller = document.getElementById('scroller');
  const top = scroller.getBoundingClientRect().top;
  const sliced = [...document.querySelectorAll('#log .ac-pushButton')].find(
    (b) => b.getBoundingClientRect().top < top && b.getBoundingClientRect().bottom > top,
  );
  const shift = sliced ? top - sliced.getBoundingClientRect().top + 6 : 0;
  if (shift <= 24) scroller.scrollTop -= shift;
})()`;

/** A PNG of `shoot(scale)` under MAX_BYTES: at the device's pixel ratio when that fits, else at CSS pixels. */
async function smallPng(name: string, shoot: (scale: 'device' | 'css') => Promise<Buffer>): Promise<string> {
  for (const scale of ['device', 'css'] as const) {
    const png = await shoot(scale);
    if (png.length < MAX_BYTES) {
      const file = join(OUT_DIR, name);
      writeFileSync(file, png);
      return `${file} (${Math.round(png.length / 1024)} KB, ${scale} pixels)`;
    }
  }
  throw new Error(`${name} is over ${MAX_BYTES / 1024} KB even at CSS pixels`);
}

/** Taps the newest button called `name` once it shows, then waits for the bot's answer to arrive. */
async function tap(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).last().click({ timeout: WAIT_MS });
  await page.locator('#typing').waitFor({ state: 'hidden', timeout: WAIT_MS });
}

/** The web chat at phone size: welcome, "vpn won't connect", two answers tapped, the next question on screen. */
async function phoneChat(browser: Browser, url: string): Promise<string> {
  const context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'Start VPN troubleshooting' }).waitFor({ timeout: WAIT_MS });
  await page.locator('#input').fill("vpn won't connect");
  await page.locator('#input').press('Enter');
  await page.locator('#typing').waitFor({ state: 'hidden', timeout: WAIT_MS });
  await tap(page, 'It loads');
  await tap(page, 'SSTP');
  await page.getByRole('button', { name: 'Yes, it works there' }).waitFor({ timeout: WAIT_MS });
  await page.waitForFunction('document.fonts.status === "loaded"');
  await page.evaluate(UNSLICE_TOP);
  const saved = await smallPng('phone-chat.png', (scale) => page.screenshot({ type: 'png', scale }));
  await context.close();
  return saved;
}

/** The bot's Adaptive Card for `code`, exactly as `npx vpnbot code <code> --format adaptive` prints it. */
async function codeCard(code: string): Promise<unknown> {
  let printed = '';
  const status = await codeCommand([code, '--format', 'adaptive'], {
    out: (text) => {
      printed += text;
    },
    err: (text) => process.stderr.write(`${text}\n`),
  });
  const cards = JSON.parse(printed) as unknown[];
  if (status !== 0 || !cards[0]) throw new Error(`vpnbot code ${code} found no card`);
  return cards[0];
}

const TEAMS_FONT =
  '"Segoe UI", "Segoe UI Web (West European)", "Open Sans", -apple-system, Roboto, sans-serif';
const fg = (color: string, subtle: string) => ({ default: color, subtle });
const teamsColors = {
  default: fg('#242424', '#616161'),
  dark: fg('#242424', '#616161'),
  light: fg('#ffffff', '#f0f0f0'),
  accent: fg('#5b5fc7', '#4f52b2'),
  good: fg('#237b4b', '#237b4b'),
  warning: fg('#835c00', '#835c00'),
  attention: fg('#c4314b', '#c4314b'),
};
const teamsStyle = (backgroundColor: string) => ({ backgroundColor, foregroundColors: teamsColors });
/** A HostConfig with Teams' light theme metrics: Segoe UI at 14 px, bold headings at body size, side-by-side buttons. */
const TEAMS_HOST_CONFIG = {
  fontFamily: TEAMS_FONT,
  supportsInteractivity: true,
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#e0e0e0' },
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 200, default: 400, bolder: 600 },
  containerStyles: {
    default: teamsStyle('#ffffff'),
    emphasis: teamsStyle('#f5f5f5'),
    accent: teamsStyle('#e8ebfa'),
    good: teamsStyle('#e7f2da'),
    warning: teamsStyle('#fbf6d9'),
    attention: teamsStyle('#fcf4f6'),
  },
  actions: { maxActions: 6, spacing: 'default', buttonSpacing: 8, actionsOrientation: 'horizontal' },
  factSet: {
    title: { weight: 'bolder', size: 'default', color: 'default', wrap: true, maxWidth: 150 },
    value: { weight: 'default', size: 'default', color: 'default', wrap: true },
    spacing: 8,
  },
};

const TEAMS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Teams-like frame</title>
<style>
  body { margin: 0; background: #f5f5f5; font-family: ${TEAMS_FONT}; color: #242424; }
  .thread { width: 460px; padding: 16px 20px; }
  .message { display: flex; gap: 10px; align-items: flex-start; }
  .avatar { flex: none; width: 32px; height: 32px; border-radius: 50%; background: #5b5fc7; color: #fff;
    display: grid; place-items: center; font-size: 12px; font-weight: 600; }
  .meta { font-size: 12px; color: #616161; margin: 0 0 4px; }
  .meta b { color: #242424; font-weight: 600; margin-right: 8px; }
  .bubble { border-radius: 6px; overflow: hidden; background: #fff;
    box-shadow: 0 1px 2px rgb(0 0 0 / 0.14), 0 0 2px rgb(0 0 0 / 0.12); }
  .ac-textBlock p { margin: 0; }
  .ac-pushButton { min-height: 32px; padding: 5px 12px; border: 1px solid #d1d1d1; border-radius: 4px;
    background: #fff; color: #242424; font: 600 14px ${TEAMS_FONT}; }
</style>
<script src="/adaptivecards.min.js"></script></head>
<body><div class="thread"><div class="message"><div class="avatar" aria-hidden="true">VPN</div>
<div><p class="meta"><b>VPN Triage Bot</b>9:41 AM</p><div class="bubble" id="card"></div></div></div></div>
<script type="module">
  import { markdownToHtml } from '/markdown.js';
  const AC = window.AdaptiveCards;
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = markdownToHtml(text);
    result.didProcess = true;
  };
  const [card, hostConfig] = await Promise.all(['/card.json', '/host-config.json'].map((u) => fetch(u).then((r) => r.json())));
  const adaptive = new AC.AdaptiveCard();
  adaptive.hostConfig = new AC.HostConfig(hostConfig);
  adaptive.parse(card);
  document.getElementById('card').append(adaptive.render());
  document.body.dataset.rendered = 'yes';
</script></body></html>`;

/** The Teams-like page's files: the page, the renderer bundle, the web chat's markdown subset and the card. */
function teamsFiles(card: unknown): Record<string, { type: string; body: string | Buffer }> {
  const require = createRequire(import.meta.url);
  const js = 'text/javascript';
  return {
    '/': { type: 'text/html', body: TEAMS_PAGE },
    '/adaptivecards.min.js': {
      type: js,
      body: readFileSync(require.resolve('adaptivecards/dist/adaptivecards.min.js')),
    },
    '/markdown.js': { type: js, body: readFileSync(join(ROOT, 'src/channels/web/public/markdown.js')) },
    '/card.json': { type: 'application/json', body: JSON.stringify(card) },
    '/host-config.json': { type: 'application/json', body: JSON.stringify(TEAMS_HOST_CONFIG) },
  };
}

/** The error card for TEAMS_CODE in the Teams-like frame, cropped to the message. */
async function teamsCard(browser: Browser): Promise<string> {
  const files = teamsFiles(await codeCard(TEAMS_CODE));
  const context = await browser.newContext({ viewport: { width: 500, height: 600 }, deviceScaleFactor: 2 });
  await context.route(`${TEAMS_ORIGIN}/**`, (route) => {
    const file = files[new URL(route.request().url()).pathname];
    return file
      ? route.fulfill({ status: 200, contentType: file.type, body: file.body })
      : route.fulfill({ status: 404, body: '' });
  });
  const page = await context.newPage();
  await page.goto(`${TEAMS_ORIGIN}/`);
  await page.locator('body[data-rendered="yes"]').waitFor({ timeout: WAIT_MS });
  await page.waitForFunction('document.fonts.status === "loaded"');
  const thread = page.locator('.thread');
  const saved = await smallPng('teams-card.png', (scale) => thread.screenshot({ type: 'png', scale }));
  await context.close();
  return saved;
}

async function main(): Promise<void> {
  Object.assign(process.env, EXAMPLE_ORG); // what `vpnbot code` reads its configuration from
  mkdirSync(OUT_DIR, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'vpnbot-screenshots-'));
  const config = loadConfig({ ...EXAMPLE_ORG, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir });
  const { bot, store } = composeBot(config);
  const server = await startServer({ config, bot, store, log: createLogger('silent') });
  const browser = await launchChromium();
  try {
    console.log(await phoneChat(browser, server.url));
    console.log(await teamsCard(browser));
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
