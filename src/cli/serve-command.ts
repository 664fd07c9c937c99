// `vpnbot serve` (what `npm start` runs): the bot on one HTTP port, stopped gracefully on SIGINT/SIGTERM.
import { composeBot, serverDepsOf } from '../app/compose.ts';
import { createLogger } from '../app/logger.ts';
import { channelStatuses } from '../channels/channel-status.ts';
import { loadConfig } from '../config.ts';
import { startServer } from '../server.ts';
import type { CliIo } from './io.ts';
import { migrateAtStart } from './migrate-at-start.ts';

/** Starts the server and resolves with 0 once it has shut down after a signal. */
export async function serveCommand(_args: string[], _io: CliIo): Promise<number> {
  const started = performance.now();
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  await migrateAtStart(config, log);
  const composed = composeBot(config, { log });
  const { bot, handoffs } = composed;
  const running = await startServer(serverDepsOf(config, composed, log));
  // Serving starts now; the language models are trained just after, before anyone is likely to type.
  setImmediate(() => {
    const warming = performance.now();
    composed.warm();
    log.info({ ms: Math.round(performance.now() - warming) }, 'language models ready');
  });
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
