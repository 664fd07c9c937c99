// Activities from a help-desk team in Teams: the app installed in the team, card presses and @mentions in case threads.
import { randomUUID } from 'node:crypto';
import { BOT, TENANT } from './teams-activity.ts';

type Json = Record<string, unknown>;

/** The help desk's team: its General channel has the team's id; the escalation channel is another one. */
export const DESK_TEAM = '19:helpdesk-team@thread.tacv2';
export const ESCALATION_CHANNEL = '19:vpn-escalations@thread.tacv2';

/** Agents as Teams names them (Entra object id, Teams id, display name). */
export const SAM = { id: '29:sam', name: 'Sam Rivera', aadObjectId: 'aad-sam' };
export const ANA = { id: '29:ana', name: 'Ana Costa', aadObjectId: 'aad-ana' };
export const BEN = { id: '29:ben', name: 'Ben Okafor', aadObjectId: 'aad-ben' };

/** Where an activity happens: the serviceUrl, the channel conversation (a thread's id has `;messageid=`), who sends it. */
export interface DeskPlace {
  serviceUrl: string;
  conversationId: string;
  from?: { id: string; name?: string; aadObjectId?: string };
  /** The channel the conversation is in (default: the part of the id before `;messageid=`). */
  channelId?: string;
  teamId?: string;
  tenantId?: string;
}

const base = (o: DeskPlace, type: string): Json => {
  const channelId = o.channelId ?? o.conversationId.split(';messageid=')[0];
  const tenantId = o.tenantId ?? TENANT;
  return {
    type,
    id: `f:${randomUUID()}`,
    timestamp: new Date().toISOString(),
    serviceUrl: o.serviceUrl,
    channelId: 'msteams',
    from: o.from ?? SAM,
    recipient: BOT,
    conversation: { id: o.conversationId, conversationType: 'channel', isGroup: true, tenantId },
    channelData: {
      tenant: { id: tenantId },
      team: { id: o.teamId ?? DESK_TEAM, name: 'Help desk' },
      channel: { id: channelId },
    },
    locale: 'en-US',
  };
};

/** The conversationUpdate Teams sends when the app is added to a team (in its General channel). */
export function installedInTeam(o: Omit<DeskPlace, 'conversationId'> & { conversationId?: string }): Json {
  const teamId = o.teamId ?? DESK_TEAM;
  return {
    ...base({ ...o, conversationId: o.conversationId ?? teamId, teamId }, 'conversationUpdate'),
    membersAdded: [{ id: BOT.id }],
    channelData: {
      tenant: { id: o.tenantId ?? TENANT },
      team: { id: teamId, name: 'Help desk' },
      channel: { id: o.channelId ?? teamId },
      eventType: 'teamMemberAdded',
    },
  };
}

/** An Action.Submit press on a card in a channel thread: `value` as the card's data (plus any inputs), no text. */
export function deskPress(o: DeskPlace & { value: unknown; replyToId?: string }): Json {
  return { ...base(o, 'message'), value: o.value, ...(o.replyToId ? { replyToId: o.replyToId } : {}) };
}

/** A message in a channel thread that @mentions the bot, as Teams sends it. */
export function deskMention(o: DeskPlace & { text: string }): Json {
  const mention = `<at>${BOT.name}</at>`;
  return {
    ...base(o, 'message'),
    text: `${mention} ${o.text}`,
    textFormat: 'plain',
    entities: [{ type: 'mention', text: mention, mentioned: BOT }],
  };
}
