// Adapts the app's pino logger to the Logger interface bolt and the Slack Web API client log through.
import type { LogLevel, Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../app/logger.ts';

// bolt's LogLevel values, spelled out so that loading this file does not load bolt.
const LEVELS = {
  trace: 'debug',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
} as Record<string, LogLevel>;

const line = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : String(m))).join(' ');

/** A bolt Logger writing to `log` (as `component: slack`); errors keep their stack, the level follows pino's. */
export function createBoltLogger(log: Logger): SlackLogger {
  const child = log.child({ component: 'slack' });
  const write = (level: 'debug' | 'info' | 'warn' | 'error', msg: unknown[]) => {
    if (!child.isLevelEnabled(level)) return;
    const err = msg.find((m) => m instanceof Error);
    const text = line(msg.filter((m) => m !== err));
    if (err) child[level]({ err }, text || (err as Error).message);
    else child[level](text);
  };
  return {
    debug: (...msg) => write('debug', msg),
    info: (...msg) => write('info', msg),
    warn: (...msg) => write('warn', msg),
    error: (...msg) => write('error', msg),
    setLevel: () => {},
    getLevel: () => LEVELS[child.level] ?? ('error' as LogLevel),
    setName: () => {},
  };
}
