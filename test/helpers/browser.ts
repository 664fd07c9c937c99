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
