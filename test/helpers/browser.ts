// Launches Debian's Chromium for browser tests, or fails loudly saying how to install it.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Where Chromium is looked for (CHROMIUM_PATH overrides). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium floods a closed network with refused connections.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium; throws with install instructions when it is missing (a browser test never passes silently). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `\n\n  Chromium is missing at ${CHROMIUM}: the browser tests cannot run.\n` +
        '  Install it with:  apt-get update && apt-get install -y chromium   (Debian; .ci/run does this)\n' +
        '  or point CHROMIUM_PATH at a Chromium/Chrome binary.\n',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 20_000 });
}

/** The default dialog: what Windows shows for error 809. */
export const ERROR_809_DIALOG = `<b>Connection failed with error 809</b>
  <p>The network connection between your computer and the VPN server could not be established because the remote server is not responding.</p>`;

/** A PNG screenshot of an error dialog with `html` in it, as a user would photograph it; `browser` defaults to a fresh one. */
export async function renderErrorDialog(html = ERROR_809_DIALOG, browser?: Browser): Promise<Buffer> {
  const own = browser ? undefined : await launchChromium();
  try {
    const page = await (browser ?? (own as Browser)).newPage({ viewport: { width: 520, height: 180 } });
    await page.setContent(
      `<div style="font:15px sans-serif;padding:16px;border:1px solid #888;width:470px">${html}</div>`,
    );
    const png = await page.screenshot({ type: 'png' });
    await page.close();
    return png;
  } finally {
    await own?.close();
  }
}
