// Bot Framework activities as Teams (and other channels) send them, and a way to POST them to /api/messages.
import { randomUUID } from 'node:crypto';

type Json = Record<string, unknown>;

/** The bot's identity in the test activities. */
export const BOT = { id: '28:00000000-0000-0000-0000-0000000000b0', name: 'VPN Bot' };
/** The tenant every test activity comes from. */
export const TENANT = 'tenant-0001';

/** Who sends, where, and what; anything not given gets a Teams-like default. */
export interface ActivityOptions {
  serviceUrl: string;
  conversationId?: string;
  id?: string;
  channelId?: string;
  from?: { id: string; name?: string };
}

const base = (o: ActivityOptions, type: string, conversation: Json): Json => ({
  type,
  id: o.id ?? `f:${randomUUID()}`,
  timestamp: new Date().toISOString(),
  localTimestamp: new Date().toISOString(),
  serviceUrl: o.serviceUrl,
  channelId: o.channelId ?? 'msteams',
  from: o.from ?? { id: '29:user-ada', name: 'Ada Lovelace', aadObjectId: 'aad-ada' },
  recipient: BOT,
  conversation,
  channelData: { tenant: { id: TENANT } },
  locale: 'en-US',
});

const personalConversation = (o: ActivityOptions): Json => ({
  id: o.conversationId ?? 'a:personal-ada',
  conversationType: 'personal',
  tenantId: TENANT,
});

/** A 1:1 message typed by the user. */
export function personalMessage(o: ActivityOptions & { text: string }): Json {
  return { ...base(o, 'message', personalConversation(o)), text: o.text, textFormat: 'plain' };
}

/** A 1:1 card button press: Action.Submit posts its data as `value`, with no text. */
export function personalPress(o: ActivityOptions & { value: unknown }): Json {
  return { ...base(o, 'message', personalConversation(o)), value: o.value };
}

/** A channel message that @mentions the bot, as Teams sends it (`<at>VPN Bot</at> …` plus a mention entity). */
export function channelMention(o: ActivityOptions & { text: string; mention?: boolean }): Json {
  const conversation = {
    id: o.conversationId ?? '19:general@thread.tacv2;messageid=1700000000000',
    conversationType: 'channel',
    isGroup: true,
    tenantId: TENANT,
  };
  const mentionText = `<at>${BOT.name}</at>`;
  const mention = o.mention ?? true;
  return {
    ...base(o, 'message', conversation),
    text: mention ? `${mentionText} ${o.text}` : o.text,
    textFormat: 'plain',
    entities: mention ? [{ type: 'mention', text: mentionText, mentioned: BOT }] : [],
    channelData: {
      tenant: { id: TENANT },
      team: { id: '19:team@thread.tacv2' },
      channel: { id: '19:general' },
    },
  };
}

/** A composeExtension/query invoke from the `vpncode` search; `text: undefined` is the initial run. */
export function extensionQuery(o: ActivityOptions & { text?: string; commandId?: string }): Json {
  const parameters =
    o.text === undefined ? [{ name: 'initialRun', value: 'true' }] : [{ name: 'query', value: o.text }];
  return {
    ...base(o, 'invoke', { id: o.conversationId ?? '19:general@thread.tacv2', conversationType: 'channel' }),
    name: 'composeExtension/query',
    value: { commandId: o.commandId ?? 'vpncode', parameters, queryOptions: { skip: 0, count: 25 } },
  };
}

/** The conversationUpdate Teams sends when the app is installed: the bot in membersAdded. */
export function botAdded(o: ActivityOptions & { scope?: 'personal' | 'channel' }): Json {
  const conversation =
    o.scope === 'channel'
      ? { id: o.conversationId ?? '19:general@thread.tacv2', conversationType: 'channel', isGroup: true }
      : personalConversation(o);
  return { ...base(o, 'conversationUpdate', conversation), membersAdded: [{ id: BOT.id }] };
}

/** The answer of a POST to /api/messages. */
export interface PostResult {
  status: number;
  body: unknown;
}

/** POSTs an activity to `${baseUrl}/api/messages` with optional extra headers (e.g. authorization). */
export async function postActivity(
  baseUrl: string,
  activity: Json,
  headers: Record<string, string> = {},
): Promise<PostResult> {
  const res = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body };
}
