// The optional ticket webhook: case events as JSON, signed with HMAC-SHA256, sent to the help desk's ticket system.
import { createHmac } from 'node:crypto';

/** The header that carries `sha256=<hex HMAC of the raw body>`. */
export const SIGNATURE_HEADER = 'x-vpnbot-signature';

/** A delivery function for the handoff outbox, or undefined when no webhook is configured; throws to be retried. */
export function createWebhookDelivery(
  config: { webhookUrl?: string; webhookSecret?: string },
  fetchImpl?: typeof fetch,
): ((payload: unknown) => Promise<void>) | undefined {
  const { webhookUrl, webhookSecret } = config;
  if (!webhookUrl || !webhookSecret) return undefined;
  return async (payload) => {
    const body = JSON.stringify(payload);
    const signature = createHmac('sha256', webhookSecret).update(body).digest('hex');
    const res = await (fetchImpl ?? fetch)(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: `sha256=${signature}` },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`ticket webhook answered ${res.status}`);
  };
}
