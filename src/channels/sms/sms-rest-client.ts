// Sends one SMS through a Twilio-style REST API: POST {apiUrl}/2010-04-01/Accounts/{sid}/Messages.json.

/** Where and as whom to send: the provider's base URL and the account's credentials. */
export interface SmsApiOptions {
  apiUrl: string;
  accountSid: string;
  authToken: string;
  /** How long one request may take before it counts as failed (default 10 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Raised when the provider does not accept a message; the outbox retries it later. */
export class SmsSendError extends Error {
  override name = 'SmsSendError';
}

/** A function that sends `body` to `to` from `from` and resolves once the provider accepted it (2xx). */
export type SendSms = (to: string, from: string, body: string) => Promise<void>;

/**
 * A sender for the Messages resource: form-encoded To/From/Body with HTTP Basic auth (account SID : auth token);
 * a non-2xx answer or a network failure rejects with SmsSendError naming the status and the provider's code.
 */
export function createSmsRestClient(opts: SmsApiOptions): SendSms {
  const doFetch = opts.fetch ?? fetch;
  const url = `${opts.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(opts.accountSid)}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`;
  return async (to, from, body) => {
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers: {
          authorization: auth,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ To: to, From: from, Body: body }).toString(),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new SmsSendError(`SMS API unreachable: ${(err as Error).message}`);
    }
    if (res.ok) {
      await res.body?.cancel();
      return;
    }
    const detail = await res.json().catch(() => undefined);
    const code =
      detail && typeof detail === 'object' && 'code' in detail ? ` (code ${String(detail.code)})` : '';
    throw new SmsSendError(`SMS API answered ${res.status}${code}`);
  };
}
