// GET /metrics for Prometheus, guarded like the agent console: METRICS_TOKEN as a bearer token, else this machine only.
import { createHash, timingSafeEqual } from 'node:crypto';
import { type Request, Router } from 'express';
import type { Logger } from '../app/logger.ts';
import type { Metrics } from '../app/metrics.ts';
import { isLoopbackAddress, isLoopbackHost } from './loopback.ts';

/** The path Prometheus scrapes. */
export const METRICS_PATH = '/metrics';

const digest = (s: string) => createHash('sha256').update(s).digest();
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));
const bearer = (req: Request) => /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';

/**
 * `GET /metrics`: the registry in the Prometheus text format. With `token` a caller needs `Authorization: Bearer
 * <token>` (401 otherwise); without it only callers on this machine, by socket address and Host header (403 otherwise).
 */
export function createMetricsRouter(deps: { metrics: Metrics; token?: string; log: Logger }): Router {
  const router = Router();
  router.get(METRICS_PATH, async (req, res) => {
    res.set('Cache-Control', 'no-store');
    if (deps.token) {
      const given = bearer(req);
      if (!given || !same(given, deps.token)) {
        res
          .status(401)
          .set('WWW-Authenticate', 'Bearer realm="metrics"')
          .json({ error: 'the metrics need their token (METRICS_TOKEN)' });
        return;
      }
    } else if (!isLoopbackAddress(req.socket.remoteAddress) || !isLoopbackHost(req.get('host'))) {
      res.status(403).json({
        error: 'the metrics answer this machine only; set METRICS_TOKEN to scrape them from elsewhere',
      });
      return;
    }
    try {
      const text = await deps.metrics.registry.metrics();
      res.set('Content-Type', deps.metrics.registry.contentType).send(text);
    } catch (err) {
      deps.log.error({ err }, 'metrics: collecting failed');
      res.status(500).json({ error: 'the metrics could not be collected; try again' });
    }
  });
  return router;
}
