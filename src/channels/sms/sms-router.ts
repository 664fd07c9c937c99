// POST /sms: the Twilio-style inbound webhook. Checks the signature, runs the turn, answers with TwiML.
import express, { type Response, Router } from 'express';
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import type { Logger } from '../../app/logger.ts';
import type { Reply } from '../../core/card.ts';
import { type Phrases, say } from '../../core/phrases.ts';
import { StoreUnavailableError } from '../../store/conversation-store.ts';
import { formBodyErrors, postOnly } from '../form-errors.ts';
import { normalizePhone } from './phone-number.ts';
import { smsParts } from './sms-parts.ts';
import type { SmsTurns } from './sms-turns.ts';
import { twiml } from './twiml.ts';

/** The path the provider posts inbound messages to. */
export const SMS_PATH = '/sms';
/** The largest form body read; a provider's inbound post is a few kilobytes. */
const MAX_FORM = '100kb';

/** What the webhook needs: the auth token and public base URL the signature is checked with, and the turns. */
export interface SmsRouterDeps {
  authToken: string;
  /** PUBLIC_BASE_URL without a trailing slash: the signed URL is this plus the path (and query) called. */
  publicBaseUrl: string;
  turns: SmsTurns;
  phrases: Phrases;
  /** The short "try again" text for a store outage. */
  unavailableText: () => string;
  log: Logger;
}

const sendTwiml = (res: Response, messages: readonly string[], status = 200) => {
  res.status(status).type('text/xml').set('Cache-Control', 'no-store').send(twiml(messages));
};

const field = (params: Record<string, unknown>, name: string): string => {
  const v = params[name];
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
};

/**
 * The webhook router. A request whose X-Twilio-Signature does not match PUBLIC_BASE_URL + the path called and the
 * form parameters gets 403 and changes nothing; a signed one without a usable From gets 400. Otherwise the answer
 * is 200 with TwiML: one <Message> per part, or an empty <Response/> to stay silent. A store outage also answers
 * 200, with the short "try again" text: Twilio does not retry inbound-message webhooks and drops the body of a
 * 5xx, so a 5xx would leave the user with no answer at all.
 */
export function createSmsRouter(deps: SmsRouterDeps): Router {
  const { log } = deps;
  const router = Router();
  const say1 = (text: string): Reply[] => [{ kind: 'text', text }];

  router.post(SMS_PATH, express.urlencoded({ extended: false, limit: MAX_FORM }), async (req, res) => {
    const params: Record<string, unknown> = req.body && typeof req.body === 'object' ? req.body : {};
    const signature = req.get('x-twilio-signature') ?? '';
    const url = `${deps.publicBaseUrl}${req.originalUrl}`;
    if (!signature || !validateRequest(deps.authToken, signature, url, params)) {
      log.warn({ path: req.path }, 'sms: request with a missing or bad signature refused');
      res.status(403).type('text/plain').send('invalid signature');
      return;
    }
    const from = normalizePhone(field(params, 'From'));
    if (!from) {
      log.warn('sms: signed request without a usable From number');
      res.status(400).type('text/plain').send('From must be a phone number');
      return;
    }
    const numMedia = Number.parseInt(field(params, 'NumMedia'), 10);
    try {
      const messages = await deps.turns.handle({
        from,
        to: normalizePhone(field(params, 'To')),
        body: field(params, 'Body'),
        messageSid: field(params, 'MessageSid') || field(params, 'SmsSid') || undefined,
        numMedia: Number.isFinite(numMedia) && numMedia > 0 ? numMedia : 0,
        mediaUrl: /^image\//i.test(field(params, 'MediaContentType0'))
          ? field(params, 'MediaUrl0') || undefined
          : undefined,
      });
      sendTwiml(res, messages);
    } catch (err) {
      if (err instanceof StoreUnavailableError) {
        log.error({ err }, 'sms: store unavailable');
        sendTwiml(res, smsParts(say1(deps.unavailableText())));
        return;
      }
      log.error({ err }, 'sms: turn failed');
      sendTwiml(res, smsParts(say1(say(deps.phrases, 'sms.failed'))));
    }
  });
  router.all(SMS_PATH, postOnly);
  router.use(
    SMS_PATH,
    formBodyErrors((err, _req, res) => {
      log.error({ err }, 'sms: request failed');
      res.status(500).type('text/plain').send('failed');
    }),
  );
  return router;
}
