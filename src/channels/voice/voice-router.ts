// POST /voice and its sub-paths: Twilio's call webhooks. Checks the signature, runs the call, answers with TwiML.
import express, { type Request, type Response, Router } from 'express';
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import type { Logger } from '../../app/logger.ts';
import { type Phrases, say } from '../../core/phrases.ts';
import {
  BadDataError,
  type ConversationStore,
  StoreUnavailableError,
} from '../../store/conversation-store.ts';
import { formBodyErrors, postOnly } from '../form-errors.ts';
import { normalizePhone } from '../sms/phone-number.ts';
import { answeredBefore, loadCall, saveCall } from './call-state.ts';
import { readHeard } from './voice-input.ts';
import type { Caller, Step, VoiceTurns } from './voice-turns.ts';
import { type Speaking, voiceTwiml } from './voice-twiml.ts';

/** The path a Twilio number's "A call comes in" webhook posts to. */
export const VOICE_PATH = '/voice';
/** The largest form body read; a call webhook is a few kilobytes. */
const MAX_FORM = '100kb';
/** How many times a webhook is re-run when another instance wrote the same call in between. */
const MAX_ATTEMPTS = 5;

/** What the router needs: the signature check's token and public base URL, the call logic and its store. */
export interface VoiceRouterDeps {
  authToken: string;
  /** PUBLIC_BASE_URL without a trailing slash: the signed URL is this plus the path (and query) called. */
  publicBaseUrl: string;
  turns: VoiceTurns;
  store: ConversationStore;
  phrases: Phrases;
  speaking: Speaking;
  log: Logger;
  now: () => number;
}

const field = (params: Record<string, unknown>, name: string): string => {
  const v = params[name];
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
};

type Kind = 'start' | 'gather' | 'dialed' | 'recorded';

/**
 * The webhook router. A request whose X-Twilio-Signature does not match PUBLIC_BASE_URL + the path called and the
 * form gets 403 and changes nothing; a signed one without a usable CallSid gets 400. Otherwise 200 with TwiML. A
 * webhook Twilio repeats gets the answer it got the first time (stored with the call state); an answer to an older
 * prompt gets the current prompt again. A store outage or a failure is said to the caller, who is then hung up on.
 */
export function createVoiceRouter(deps: VoiceRouterDeps): Router {
  const { log, store } = deps;
  const router = Router();
  const xml = (res: Response, body: string) =>
    res.status(200).type('text/xml').set('Cache-Control', 'no-store').send(body);
  const goodbye = (key: string) =>
    voiceTwiml([{ kind: 'say', text: say(deps.phrases, key) }, { kind: 'hangup' }], deps.speaking);

  const run = async (kind: Kind, req: Request, params: Record<string, unknown>): Promise<string> => {
    const callSid = field(params, 'CallSid');
    const number = normalizePhone(field(params, 'From'));
    const caller: Caller = {
      key: number ? `voice:${number}` : `voice:call:${callSid}`,
      number,
      callSid,
    };
    const seq = kind === 'start' ? 0 : Number.parseInt(String(req.query.n ?? ''), 10);
    const seenId = `voice:${callSid}:${kind}:${Number.isFinite(seq) ? seq : 'x'}`;
    for (let attempt = 1; ; attempt++) {
      const before = await answeredBefore(store, seenId);
      if (before) return before;
      const { call: stored, version } = await loadCall(store, caller.key);
      const call = stored?.callSid === callSid ? stored : undefined;
      let step: Step;
      if (kind === 'start' || !call) step = await deps.turns.start(caller);
      else if (seq !== call.seq) return voiceTwiml(deps.turns.current(call), deps.speaking);
      else if (kind === 'gather')
        step = await deps.turns.answer(
          caller,
          call,
          readHeard(field(params, 'Digits'), field(params, 'SpeechResult'), field(params, 'Confidence')),
        );
      else if (kind === 'dialed') step = deps.turns.dialed(call, field(params, 'DialCallStatus'));
      else {
        const url = field(params, 'RecordingUrl');
        const seconds = Number.parseInt(field(params, 'RecordingDuration'), 10);
        step = await deps.turns.recorded(
          caller,
          call,
          /^https:\/\/[^\s<>"]{1,500}$/.test(url) ? url : undefined,
          Number.isFinite(seconds) ? seconds : 0,
        );
      }
      const body = voiceTwiml(step.verbs, deps.speaking);
      if (await saveCall(store, caller.key, step.call, version, seenId, body, deps.now())) return body;
      if (attempt >= MAX_ATTEMPTS) throw new StoreUnavailableError(`call ${callSid} kept changing`);
    }
  };

  const handler = (kind: Kind) => async (req: Request, res: Response) => {
    const params: Record<string, unknown> = req.body && typeof req.body === 'object' ? req.body : {};
    const signature = req.get('x-twilio-signature') ?? '';
    const url = `${deps.publicBaseUrl}${req.originalUrl}`;
    if (!signature || !validateRequest(deps.authToken, signature, url, params)) {
      log.warn({ path: req.path }, 'voice: request with a missing or bad signature refused');
      res.status(403).type('text/plain').send('invalid signature');
      return;
    }
    if (!/^CA[0-9a-zA-Z]{10,64}$/.test(field(params, 'CallSid'))) {
      res.status(400).type('text/plain').send('CallSid must be a call id');
      return;
    }
    try {
      xml(res, await run(kind, req, params));
    } catch (err) {
      if (err instanceof BadDataError) {
        res.status(400).type('text/plain').send('bad request');
        return;
      }
      const down = err instanceof StoreUnavailableError;
      log.error({ err }, down ? 'voice: store unavailable' : 'voice: call turn failed');
      xml(res, goodbye(down ? 'voice.unavailable' : 'voice.failed'));
    }
  };

  const form = express.urlencoded({ extended: false, limit: MAX_FORM });
  router.post(VOICE_PATH, form, handler('start'));
  router.post(`${VOICE_PATH}/gather`, form, handler('gather'));
  router.post(`${VOICE_PATH}/dialed`, form, handler('dialed'));
  router.post(`${VOICE_PATH}/recorded`, form, handler('recorded'));
  router.all(
    [VOICE_PATH, `${VOICE_PATH}/gather`, `${VOICE_PATH}/dialed`, `${VOICE_PATH}/recorded`],
    postOnly,
  );
  router.use(
    VOICE_PATH,
    formBodyErrors((err, _req, _res, next) => next(err)),
  );
  return router;
}
