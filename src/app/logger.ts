// Structured JSON logs (pino), to stderr when stdout is someone else's (the terminal chat).
import pino, { type Logger } from 'pino';

export type { Logger };

/** A JSON logger at `level`; `toStderr` keeps stdout clean for commands that print results. */
export function createLogger(level: string, toStderr = false): Logger {
  return pino(
    {
      level,
      base: { app: 'vpnbot' },
      redact: {
        paths: ['*.password', '*.token', '*.authorization', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    toStderr ? pino.destination(2) : pino.destination(1),
  );
}
