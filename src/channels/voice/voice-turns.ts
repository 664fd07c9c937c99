// One webhook of a call → what the caller hears next: the triage turn said aloud, the steps, a transfer or a message.
import type { Bot } from '../../app/create-bot.ts';
import type { HandoffService, UserChannel, UserRef } from '../../app/handoff-contracts.ts';
import type { Logger } from '../../app/logger.ts';
import { deskStatus, zoneName } from '../../core/business-hours.ts';
import { isDataAction, type Reply } from '../../core/card.ts';
import { formatCode } from '../../core/knowledge.ts';
import { readCodes } from '../../core/read-codes.ts';
import { digitsAloud, forTheEar, speakReplies } from '../../render/spoken.ts';
import type { ConversationStore } from '../../store/conversation-store.ts';
import type { OptOutStore } from '../../store/opt-out-store.ts';
import { maskPhone } from '../sms/phone-number.ts';
import type { CallState, Prompt } from './call-state.ts';
import type { Heard } from './voice-input.ts';
import { commandOf } from './voice-input.ts';
import { offerPrompt, pageTurn, questionPrompt, stepPrompt, withPreface } from './voice-pages.ts';
import type { VoiceSettings } from './voice-settings.ts';
import { caseIdAloud, type VoiceTextKey, voiceRewriter, voiceSay } from './voice-texts.ts';
import type { VoiceVerb } from './voice-twiml.ts';

/** Below this recogniser confidence (0–1) a code heard is read back and confirmed before it is explained. */
export const LOW_CONFIDENCE = 0.6;
/** The longest message a caller may leave for the help desk, in seconds. */
export const MAX_MESSAGE_SECONDS = 120;

/** Prompts answered by one key; elsewhere keys are read until the hash key, so a code can be typed. */
const ONE_KEY_MODES: ReadonlySet<string> = new Set(['offer', 'step', 'more', 'confirm', 'silent']);

/** Who is calling: the conversation key, the number (when shown) and the call's id. */
export interface Caller {
  key: string;
  number?: string;
  callSid: string;
}

/** What the call logic is built from. */
export interface VoiceTurnDeps {
  bot: Bot;
  store: ConversationStore;
  optOuts: OptOutStore;
  handoffs?: HandoffService;
  /** The SMS user channel, read when used; undefined when the bot cannot text. */
  textUser: () => UserChannel | undefined;
  settings: VoiceSettings;
  log: Logger;
  now: () => number;
}

/** The outcome of one webhook: what to answer, and the call state to keep. */
export interface Step {
  verbs: VoiceVerb[];
  call: CallState;
}

/** The action paths of a call's prompts, with the sequence number that makes each answer unique. */
export const actionPath = (kind: 'gather' | 'dialed' | 'recorded', seq: number) => `/voice/${kind}?n=${seq}`;

/** Builds the call logic: each method takes the stored call and returns what to answer and the call to store. */
export function createVoiceTurns(deps: VoiceTurnDeps) {
  const { bot, log } = deps;
  const phrases = bot.content.phrases;
  const rewrite = voiceRewriter(phrases, bot.config.org, bot.content.flow);
  const t = (key: VoiceTextKey, vars?: Record<string, string | number>) => voiceSay(phrases, key, vars);
  const userOf = (c: Caller): UserRef => ({
    channel: 'voice',
    address: c.number ? { number: c.number } : undefined,
    userName: t('voice.userName', { number: c.number ? maskPhone(c.number) : c.callSid.slice(-4) }),
  });
  const canText = async (c: Caller) =>
    Boolean(deps.textUser() && c.number && !(await deps.optOuts.isOptedOut(c.number)));

  /** The Gather that says `prompt` and posts the caller's answer as prompt number `seq`. */
  const listen = (seq: number, prompt: Prompt): VoiceVerb => {
    // A question that takes a code listens for several keys and the hash key.
    const typed = prompt.node !== undefined && bot.content.flow.nodes[prompt.node]?.acceptsCode === true;
    const oneKey =
      prompt.mode === 'question' ? !typed && (prompt.keys ?? 0) <= 9 : ONE_KEY_MODES.has(prompt.mode);
    return {
      kind: 'gather',
      action: actionPath('gather', seq),
      say: prompt.say,
      numDigits: oneKey ? 1 : undefined,
      hints: prompt.hints,
    };
  };
  /** The call's next prompt, asked inside a Gather whose action carries the next sequence number. */
  const ask = (call: CallState, prompt: Prompt, extra: Partial<CallState> = {}): Step => {
    const next: CallState = { ...call, ...extra, seq: call.seq + 1, prompt };
    return { verbs: [listen(next.seq, prompt)], call: next };
  };
  const end = (call: CallState, verbs: VoiceVerb[]): Step => ({
    verbs,
    call: { ...call, seq: call.seq + 1, prompt: { say: [], mode: 'ended' } },
  });

  /** Tells the case number, then puts the caller through in desk hours or takes a message. */
  const handOff = async (c: Caller, call: CallState, preface: string[] = []): Promise<Step> => {
    const found = await deps.handoffs?.openCase(c.key);
    const number = found ? [t('voice.caseNumber', { id: caseIdAloud(found.id) })] : [];
    const status = deskStatus(bot.config.desk, deps.now());
    const next = { ...call, seq: call.seq + 1 };
    if (status.open && deps.settings.helpdeskPhone)
      return end(call, [
        { kind: 'say', text: [...preface, ...number, t('voice.transfer')].join(' ') },
        { kind: 'dial', action: actionPath('dialed', next.seq), number: deps.settings.helpdeskPhone },
      ]);
    const when = status.open
      ? t('voice.callBack')
      : status.opensWords
        ? t('voice.closed', { opens: status.opensWords, zone: zoneName(bot.config.desk.timeZone) })
        : t('voice.closedNoHours');
    return record(call, [...preface, when, ...number]);
  };
  const record = (call: CallState, said: string[]): Step => {
    const step = end(call, []);
    step.verbs = [
      { kind: 'say', text: [...said, t('voice.recordAsk')].join(' ') },
      { kind: 'record', action: actionPath('recorded', step.call.seq), maxLength: MAX_MESSAGE_SECONDS },
    ];
    return step;
  };

  /** The codes the words name, each read digit by digit ("seven two one"). */
  const codeWords = (text: string): string | undefined => {
    const reading = readCodes(text, bot.lookup);
    const codes = reading.kind === 'codes' ? reading.codes : reading.kind === 'unknown' ? [reading.code] : [];
    return codes.length ? codes.map((code) => forTheEar(formatCode(code)).text).join(', ') : undefined;
  };

  /** Runs the caller's words (or key) through the engine and says the answer. */
  const converse = async (
    c: Caller,
    call: CallState,
    text: string,
    preface: string[] = [],
  ): Promise<Step> => {
    const was = (await deps.store.get(c.key))?.state.phase;
    const turn = await bot.handle(c.key, { kind: 'text', text }, `${c.callSid}:${call.seq}`, userOf(c));
    const phase = (await deps.store.get(c.key))?.state.phase;
    if (turn.events.some((e) => e.type === 'handoff') || (turn.duplicate && phase === 'handoff'))
      return handOff(c, call);
    // The conversation is over (fixed, or the caller is set): say its last words and hang up.
    if (phase === 'done' && (was !== 'done' || turn.duplicate)) {
      const spoken = speakReplies(turn.replies, rewrite);
      return end(call, [
        { kind: 'say', text: [...spoken.lead, t('voice.goodbye')].join(' ') },
        { kind: 'hangup' },
      ]);
    }
    return say(c, call, turn.replies, preface);
  };
  const say = async (c: Caller, call: CallState, replies: Reply[], preface: string[]): Promise<Step> => {
    const spoken = speakReplies(replies, rewrite);
    // "I heard error seven two one." already names the code: its card's title goes on with what it means.
    const titled = /^Error (.+?): (.+)$/.exec(spoken.lead[0] ?? '');
    if (titled?.[2] && preface.some((p) => p.toLowerCase().includes(`error ${titled[1]?.toLowerCase()}.`)))
      spoken.lead[0] = titled[2];
    const texting = (spoken.links || spoken.steps.length > 0) && (await canText(c));
    const paged = pageTurn(phrases, spoken, preface, texting);
    return ask(call, paged.prompt, {
      steps: paged.steps,
      stepAt: undefined,
      after: paged.after,
      pending: undefined,
      textable: texting ? replies : undefined,
    });
  };

  /** Texts the caller the full answer (steps and links), without its buttons; false when it could not go. */
  const textSteps = async (c: Caller, call: CallState): Promise<boolean> => {
    const sms = deps.textUser();
    if (!sms || !c.number || !call.textable) return false;
    const replies: Reply[] = [
      { kind: 'text', text: t('voice.textIntro') },
      ...call.textable.flatMap((r): Reply[] =>
        r.kind === 'card'
          ? r.card.actions.some(isDataAction) && !r.card.blocks.length
            ? []
            : [{ kind: 'card', card: { ...r.card, actions: r.card.actions.filter((a) => !isDataAction(a)) } }]
          : [r],
      ),
    ];
    try {
      if (await deps.optOuts.isOptedOut(c.number)) return false;
      await sms.send({ number: c.number }, replies);
      return true;
    } catch (err) {
      log.warn({ err, to: maskPhone(c.number) }, 'voice: texting the steps failed');
      return false;
    }
  };
  const afterPrompt = (call: CallState, preface: string[]) => questionPrompt(phrases, call.after, preface);
  const goOn = (call: CallState, preface: string[] = []) =>
    ask(call, afterPrompt(call, preface), { steps: undefined, stepAt: undefined, after: undefined });

  /** The answer to the caller's words or keys at the prompt they were asked. */
  const answer = async (c: Caller, call: CallState, heard: Heard): Promise<Step> => {
    const mode = call.prompt.mode;
    if (heard.kind === 'silence') {
      if (call.silence === 0) return ask(call, withPreface(call.prompt, t('voice.silence')), { silence: 1 });
      if (call.silence === 1)
        return ask(
          call,
          { say: [t('voice.silenceOffer')], mode: 'silent', hints: ['agent'] },
          { silence: 2 },
        );
      return end(call, [{ kind: 'say', text: t('voice.goodbye') }, { kind: 'hangup' }]);
    }
    const fresh = { ...call, silence: 0 };
    const notAChoice = () => ask(fresh, withPreface(call.prompt, t('voice.notAChoice')));
    if (heard.kind === 'garbled') return notAChoice();
    const key = heard.kind === 'keys' && heard.digits.length === 1 ? heard.digits : undefined;
    const command = heard.kind === 'words' ? commandOf(heard.text) : undefined;
    if (key === '*' || command === 'repeat') return ask(fresh, call.prompt);
    if (key === '0' || command === 'agent') return converse(c, fresh, 'talk to a person');
    if (command === 'restart') return converse(c, fresh, 'start over');
    const offering = mode === 'offer' || mode === 'step' || mode === 'more';
    if (offering && (key === '1' || command === 'next' || command === 'steps')) {
      if (mode === 'more' && call.steps?.length)
        return ask(fresh, offerPrompt(phrases, call.steps.length, Boolean(call.textable)));
      if (mode === 'more') return goOn(fresh);
      const at = mode === 'offer' ? 0 : (call.stepAt ?? 0) + 1;
      const steps = call.steps ?? [];
      if (at >= steps.length) return goOn(fresh, [t('voice.stepLast')]);
      return ask(fresh, stepPrompt(phrases, steps, at), { stepAt: at });
    }
    if (offering && (key === '2' || command === 'text') && call.textable) {
      const sent = await textSteps(c, call);
      return goOn(fresh, [t(sent ? 'voice.texted' : 'voice.textFailed')]);
    }
    if (offering && (key === '3' || command === 'skip')) return goOn(fresh);
    if (mode === 'confirm' && call.pending && (key === '1' || command === 'yes'))
      return converse(c, fresh, call.pending);
    if (mode === 'confirm' && (key === '2' || command === 'no'))
      return ask(fresh, { say: [t('voice.confirmNo')], mode: 'open', hints: [] }, { pending: undefined });
    if (heard.kind === 'keys') {
      const digits = heard.digits.replace(/\*/g, '');
      if (digits.length >= 3)
        return converse(c, fresh, `error ${digits}`, [
          t('voice.heard', { code: codeWords(`error ${digits}`) ?? digitsAloud(digits) }),
        ]);
      const n = Number(digits);
      if (mode === 'question' && n >= 1 && n <= (call.prompt.keys ?? 0)) return converse(c, fresh, String(n));
      return notAChoice();
    }
    if (heard.kind !== 'words') return ask(fresh, call.prompt);
    const code = codeWords(heard.text);
    if (code && heard.confidence < LOW_CONFIDENCE)
      return ask(
        fresh,
        { say: [t('voice.confirm', { code })], mode: 'confirm', keys: 2, hints: ['yes', 'no'] },
        { pending: heard.text },
      );
    return converse(c, fresh, heard.text, code ? [t('voice.heard', { code })] : []);
  };

  return {
    /** A new call: the greeting, or straight to the desk when the caller's case is still open. */
    async start(c: Caller): Promise<Step> {
      const call: CallState = { callSid: c.callSid, seq: 0, silence: 0, prompt: { say: [], mode: 'open' } };
      if ((await deps.store.get(c.key))?.state.phase === 'handoff')
        return handOff(c, call, [t('voice.caseWaiting')]);
      const turn = await bot.handle(c.key, { kind: 'welcome' }, `${c.callSid}:0`, userOf(c));
      const spoken = speakReplies(turn.replies, rewrite);
      return ask(call, questionPrompt(phrases, spoken.question, spoken.lead, [t('voice.hint')]));
    },
    answer,
    /** The prompt the call is at, asked again as it was (a post for a prompt never asked); nothing changes. */
    current(call: CallState): VoiceVerb[] {
      return call.prompt.mode === 'ended' ? [{ kind: 'hangup' }] : [listen(call.seq, call.prompt)];
    },
    /** The desk's phone was dialled: a finished call ends here; no answer means a message instead. */
    dialed(call: CallState, status: string): Step {
      if (status === 'completed' || status === 'answered') return end(call, [{ kind: 'hangup' }]);
      return record(call, [t('voice.noAnswer')]);
    },
    /** A message was recorded (or not): it goes to the case as a line with its link, and the call ends. */
    async recorded(c: Caller, call: CallState, url: string | undefined, seconds: number): Promise<Step> {
      if (!url || seconds <= 0)
        return end(call, [{ kind: 'say', text: t('voice.notRecorded') }, { kind: 'hangup' }]);
      const line = t('voice.recordingLine', { seconds, url });
      await bot.handle(c.key, { kind: 'text', text: line }, `${c.callSid}:rec:${call.seq}`, userOf(c));
      log.info({ from: c.number ? maskPhone(c.number) : 'hidden' }, 'voice: message recorded for the case');
      return end(call, [{ kind: 'say', text: t('voice.recorded') }, { kind: 'hangup' }]);
    },
  };
}

/** The voice call logic as built by createVoiceTurns. */
export type VoiceTurns = ReturnType<typeof createVoiceTurns>;
