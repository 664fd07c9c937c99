// The typing indicator for slow turns: shown only when an answer is not ready at once, repeated while work goes on.
import type { Logger } from '../../app/logger.ts';

/** How long a turn may take before the user sees "typing…"; faster answers skip it (it costs a message in Teams' rate limit). */
export const TYPING_DELAY_MS = 250;
/** Teams shows a typing indicator for about three seconds, so a long turn renews it. */
const TYPING_REPEAT_MS = 2500;

/** A running indicator; `stop` cancels it and waits for a typing activity in flight, so replies arrive after it. */
export interface TypingIndicator {
  stop(): Promise<void>;
}

/** Starts sending `send()` (a typing activity) after `delayMs`, then every 2.5 s, until stopped; failures are only logged. */
export function startTyping(
  send: () => Promise<unknown>,
  log: Logger,
  delayMs: number = TYPING_DELAY_MS,
): TypingIndicator {
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  const fire = () => {
    if (stopped) return;
    inFlight = send().then(
      () => undefined,
      (err: unknown) => log.debug({ err }, 'teams: typing indicator not sent'),
    );
    timer = setTimeout(fire, TYPING_REPEAT_MS);
  };
  let timer = setTimeout(fire, delayMs);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
