// `vpnbot serve` (what `npm start` runs): the bot on one HTTP port, stopped gracefully on SIGINT/SIGTERM.
import { composeBot, serverDepsOf } from '../app/compose.ts';
import { createLogger } from '../app/logger.ts';
import { channelStatuses } from '../channels/channel-status.ts';
import { loadConfig } from '../config.ts';
import { startServer } from '../server.ts';
import type { CliIo } from './io.ts';
import { migrateAtStart } from './migrate-at-start.ts';

/** How long after listening the language models are built. */
const WARM_UP_DELAY_MS = 500;

/** Starts the server and resolves with 0 once it has shut down after a signal. */
export async function serveCommand(_args: string[], _io: CliIo): Promise<number> {
  const started = performance.now();
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  await migrateAtStart(config, log);
  const composed = composeBot(config, { log });
  const { bot, handoffs } = composed;
  const running = await startServer(serverDepsOf(config, composed, log));
  // Serving starts now. The code index and language models are built a moment later, once the first health probes
  // have been answered and before anyone is likely to type; a message that comes sooner builds what it needs itself.
  const warmUp = setTimeout(() => {
    const warming = performance.now();
    composed.warm().then(
      () => log.info({ ms: Math.round(performance.now() - warming) }, 'language models ready'),
      (err) =>
        log.warn(
          { err },
          'language models: building them ahead failed; the first message that needs them tries again',
        ),
    );
  }, WARM_UP_DELAY_MS);
  handoffs.start();
  composed.reminders.start();
  const purge = setInterval(() => {
    bot.purgeOld().catch((err) => log.warn({ err }, 'purging old transcripts failed'));
  }, 3_600_000);
  purge.unref();
  for (const { channel, on, why } of channelStatuses(config))
    log.info({ channel, on }, `${channel}: ${on ? 'on' : 'off'} — ${why}`);
  log.info(
    { url: running.url, startupMs: Math.round(performance.now() - started) },
    `VPN bot ready: web chat at ${running.url}/`,
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down');
      clearTimeout(warmUp);
      running
        .close()
        .then(() => composed.close())
        .then(resolve, resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
