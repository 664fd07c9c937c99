// Triage over Slack: DMs (message.im), @mentions (moved to a DM), and presses on the engine's buttons.
import type { App, ButtonAction } from '@slack/bolt';
import type { ActionData } from '../../core/card.ts';
import { readBlockActionValue } from '../../render/block-kit.ts';
import { escapeSlackMrkdwn } from '../../render/escape.ts';
import { ENGINE_ACTION_PATTERN, LOOKUP_BLOCK_PREFIX, type SlackBotEvent } from './slack-contract.ts';
import type { SlackDeps } from './slack-deps.ts';
import { type FetchSlackPicture, sharedPicture } from './slack-files.ts';
import { fromSlackText, withoutMention } from './slack-markup.ts';
import { answeredMessage, replyMessages, slackBody } from './slack-messages.ts';
import { slackText } from './slack-texts.ts';
import {
  conversationKey,
  deliver,
  openDm,
  postMessages,
  runPictureTurn,
  runTurn,
  type SlackClient,
} from './slack-turns.ts';
import { slackUserRef } from './slack-user-channel.ts';

/** Stands in for a button value that fails validation: the engine answers any unknown command as out of date. */
const OUTDATED: ActionData = { type: 'command', command: 'outdated' };
const NOT_LOOKUP_ROW = new RegExp(`^(?!${LOOKUP_BLOCK_PREFIX})`);
/**
 * How long downloading and reading a shared picture may hold Slack's request (Slack wants an answer within 3 s);
 * past it the reading goes on in the background and Slack gets its 200.
 */
const PICTURE_BUDGET_MS = 2000;

type Loose = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** A person's new message (no bot, no edit, no other subtype), as the fields the channel reads. */
function personMessage(
  event: unknown,
): { user: string; channel: string; text: string; threadTs?: string; filesOnly: boolean } | undefined {
  const e = event as Loose;
  const user = str(e.user);
  const channel = str(e.channel);
  const subtypeOk = e.subtype === undefined || e.subtype === 'file_share';
  if (!subtypeOk || e.bot_id !== undefined || e.edited !== undefined || !user || !channel) return;
  const text = typeof e.text === 'string' ? e.text : '';
  return {
    user,
    channel,
    text,
    threadTs: str(e.thread_ts),
    filesOnly: e.subtype === 'file_share' && !text.trim(),
  };
}

/**
 * Registers the triage listeners: a DM message is one turn answered in the DM; an @mention in a channel becomes a
 * turn in the person's DM plus an ephemeral note in the channel; a press on an engine button is one turn whose
 * out-of-date answers go back ephemerally; a picture shared alone in a DM is downloaded with `fetchPicture` and read
 * like a typed code (any other file gets the "please type it" note). Slack retries are de-duplicated on event_id.
 * Returns the bot events used.
 */
export function registerTriage(app: App, deps: SlackDeps, fetchPicture?: FetchSlackPicture): SlackBotEvent[] {
  const { bot } = deps;
  /** event_ids of the shared pictures this instance is reading now, so a retry of one is not read twice. */
  const reading = new Set<string>();

  const filesNote = (client: SlackClient, channel: string) => {
    const note = escapeSlackMrkdwn(slackText(bot.content.phrases, 'slack.noFiles'));
    return deliver(deps, 'files note', () => client.chat.postMessage({ channel, text: note }));
  };

  /** Downloads the picture at `url`, reads it as a turn and posts the answer (the files note when it can't be had). */
  const readShared = async (
    download: FetchSlackPicture,
    url: string,
    msg: { user: string; channel: string; threadTs?: string },
    req: { team?: string; eventId?: string; retryNum?: number; client: SlackClient },
  ): Promise<void> => {
    const image = await download(url);
    if (!image) {
      if (!req.retryNum) await filesNote(req.client, msg.channel);
      return;
    }
    const key = conversationKey(req.team, msg.user);
    const turn = await runPictureTurn(
      deps,
      {
        key,
        from: slackUserRef(req.team, msg.user),
        image,
        messageId: req.eventId,
        retryNum: req.retryNum,
      },
      (text) => req.client.chat.postMessage({ channel: msg.channel, text, thread_ts: msg.threadTs }),
    );
    if (turn.delivered) return;
    await deliver(deps, 'picture reply', async () => {
      await postMessages(req.client, msg.channel, replyMessages(turn.replies), msg.threadTs);
      if (req.eventId) await bot.delivered(key, req.eventId);
    });
  };

  /**
   * Runs readShared within PICTURE_BUDGET_MS: a failure inside the budget fails the request (a 5xx Slack retries),
   * one after it is logged.
   */
  const answerPicture = async (...args: Parameters<typeof readShared>): Promise<void> => {
    const eventId = args[3].eventId;
    if (eventId && reading.has(eventId)) return;
    if (eventId) reading.add(eventId);
    let late = false;
    const work = readShared(...args)
      .catch((err: unknown) => {
        if (!late) throw err;
        deps.log.error({ err }, 'slack: reading a shared picture failed after Slack was answered');
      })
      .finally(() => {
        if (eventId) reading.delete(eventId);
      });
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        late = true;
        resolve();
      }, PICTURE_BUDGET_MS);
    });
    try {
      await Promise.race([work, budget]);
    } finally {
      clearTimeout(timer);
    }
  };

  app.event('message', async ({ event, body, context, client }) => {
    const msg = personMessage(event);
    if (!msg || (event as unknown as Loose).channel_type !== 'im') return;
    if (msg.filesOnly) {
      const url = sharedPicture((event as unknown as Loose).files);
      if (fetchPicture && url) {
        const req = { team: body.team_id, eventId: body.event_id, retryNum: context.retryNum, client };
        await answerPicture(fetchPicture, url, msg, req);
        return;
      }
      if (context.retryNum) return;
      await filesNote(client, msg.channel);
      return;
    }
    const key = conversationKey(body.team_id, msg.user);
    const turn = await runTurn(
      deps,
      {
        key,
        from: slackUserRef(body.team_id, msg.user),
        input: { kind: 'text', text: fromSlackText(msg.text) },
        messageId: body.event_id,
        retryNum: context.retryNum,
      },
      (text) => client.chat.postMessage({ channel: msg.channel, text, thread_ts: msg.threadTs }),
    );
    if (turn.delivered) return;
    await deliver(deps, 'dm reply', async () => {
      await postMessages(client, msg.channel, replyMessages(turn.replies), msg.threadTs);
      await bot.delivered(key, body.event_id);
    });
  });

  app.event('app_mention', async ({ event, body, context, client }) => {
    const msg = personMessage(event);
    if (!msg || msg.channel.startsWith('D')) return;
    const text = fromSlackText(withoutMention(msg.text, context.botUserId));
    const key = conversationKey(body.team_id, msg.user);
    const turn = await runTurn(
      deps,
      {
        key,
        from: slackUserRef(body.team_id, msg.user),
        input: text ? { kind: 'text', text } : { kind: 'welcome' },
        messageId: body.event_id,
        retryNum: context.retryNum,
      },
      (note) =>
        client.chat.postEphemeral({
          channel: msg.channel,
          user: msg.user,
          text: note,
          thread_ts: msg.threadTs,
        }),
    );
    if (turn.delivered) return;
    await deliver(deps, 'mention reply in dm', async () => {
      await postMessages(client, await openDm(client, msg.user), replyMessages(turn.replies));
      await bot.delivered(key, body.event_id);
      await client.chat.postEphemeral({
        channel: msg.channel,
        user: msg.user,
        text: escapeSlackMrkdwn(slackText(bot.content.phrases, 'slack.dmOffer')),
        thread_ts: msg.threadTs,
      });
    });
  });

  app.action({ action_id: ENGINE_ACTION_PATTERN, block_id: NOT_LOOKUP_ROW }, async (args) => {
    const { ack, body, client, respond } = args;
    await ack();
    if (body.type !== 'block_actions' || args.action.type !== 'button') return;
    const action = args.action as ButtonAction;
    if (action.url) return;
    const user = body.user.id;
    const team = body.team?.id ?? body.user.team_id;
    const fromHome = body.container?.type === 'view' || !body.channel?.id;
    const channel = fromHome ? await openDm(client, user) : (body.channel?.id ?? '');
    const data = action.value ? readBlockActionValue(action.value) : undefined;
    const ephemeral = (text: string) =>
      respond({ response_type: 'ephemeral', replace_original: false, text });
    const key = conversationKey(team, user);
    const messageId = `${str(body.container?.message_ts) ?? 'view'}:${action.action_ts}`;
    const turn = await runTurn(
      deps,
      {
        key,
        from: slackUserRef(team, user),
        input: { kind: 'action', data: data ?? OUTDATED },
        messageId,
      },
      (text) => (fromHome ? client.chat.postMessage({ channel, text }) : ephemeral(text)),
    );
    if (turn.delivered) return;
    const messages = replyMessages(turn.replies);
    if (!fromHome && (!data || turn.events.some((e) => e.type === 'stale'))) {
      await deliver(deps, 'out-of-date answer', async () => {
        for (const msg of messages)
          await respond({ response_type: 'ephemeral', replace_original: false, ...slackBody(msg) });
      });
      return;
    }
    const pressed = fromHome ? undefined : body.message;
    const fallback = escapeSlackMrkdwn(fromSlackText(str(pressed?.text) ?? ''));
    const answered = pressed && answeredMessage(pressed.blocks, action.text.text, fallback);
    if (answered) {
      await deliver(deps, 'mark answered', () => respond({ replace_original: true, ...slackBody(answered) }));
    }
    await deliver(deps, 'action reply', async () => {
      await postMessages(client, channel, messages);
      await bot.delivered(key, messageId);
    });
  });

  return ['message.im', 'app_mention'];
}
