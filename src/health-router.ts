// Liveness and readiness, the way load balancers and Kubernetes probe them.
import express, { type Router } from 'express';
import type { Logger } from './app/logger.ts';
import type { ConversationStore } from './store/conversation-store.ts';

/** The probe routes and the switch that turns readiness off while the server drains. */
export interface Health {
  router: Router;
  /** From now on /readyz answers 503, so balancers stop sending new work while requests under way finish. */
  draining(): void;
}

/** How long readiness waits for the store before calling it down. */
const READY_TIMEOUT_MS = 3000;

/**
 * `/livez`: 200 while the process serves requests (restart it when this fails). `/readyz` and `/healthz`: 200 only
 * when a write to the store commits and reads back with every table in place, 503 with the reason otherwise or
 * while draining. Probes that arrive together share one check.
 */
export function createHealth(deps: { store: ConversationStore; log: Logger }): Health {
  const router = express.Router();
  let drainingNow = false;
  let inFlight: Promise<void> | undefined;

  const check = () => {
    inFlight ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)),
          READY_TIMEOUT_MS,
        );
      });
      try {
        await Promise.race([deps.store.ready(), late]);
      } finally {
        clearTimeout(timer);
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  router.get('/livez', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });
  const ready: express.RequestHandler = async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    if (drainingNow) {
      res.status(503).json({ status: 'draining', store: 'unknown' });
      return;
    }
    try {
      await check();
      res.json({ status: 'ok', store: 'ok', uptimeSeconds: Math.round(process.uptime()) });
    } catch (err) {
      deps.log.error({ err }, 'readiness: the store cannot take a write');
      res.status(503).json({ status: 'error', store: 'down' });
    }
  };
  router.get('/readyz', ready);
  router.get('/healthz', ready);
  return {
    router,
    draining: () => {
      drainingNow = true;
    },
  };
}
