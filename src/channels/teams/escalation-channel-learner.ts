// Learns where the escalation channel is from what Teams sends: its team, serviceUrl, tenant and the bot's id.
import type { Logger } from '../../app/logger.ts';
import type { TeamsChannelLocation, TeamsChannelStore } from '../../store/teams-channel-store.ts';

/** The parts of an incoming activity a location is learned from. */
export interface SeenActivity {
  channelId?: string;
  serviceUrl?: string;
  conversation?: { id?: string; tenantId?: string };
  recipient?: { id?: string; name?: string };
  channelData?: unknown;
}

/** Lists the ids of a team's channels (botbuilder's TeamsInfo.getTeamChannels in a turn of that team). */
export type ListChannels = (teamId: string) => Promise<string[]>;

/** The escalation channel's location as far as the bot knows it. */
export interface ChannelLearner {
  /** The channel being learned (the normalised ESCALATION_TEAMS_CHANNEL), or undefined when that is not a channel id. */
  readonly channelId: string | undefined;
  /** Where to post, once some activity of its team was seen (now or before a restart); rejects when the store is down. */
  location(): Promise<TeamsChannelLocation | undefined>;
  /**
   * Learns from one activity: one from the channel itself, or from its team (the team's General channel
   * has the team's id; any other channel is checked once per team with `listChannels`). Stores what changed;
   * never throws (failures are logged).
   */
  observe(activity: SeenActivity, listChannels: ListChannels): Promise<void>;
}

/** What the learner is built from. */
export interface ChannelLearnerDeps {
  channelId: string | undefined;
  store: TeamsChannelStore;
  log: Logger;
  now?: () => number;
}

/** How long a team found not to hold the channel is not asked again (a renamed or new channel announces itself anyway). */
const NOT_HERE_MS = 3_600_000;
/** How long after a failed channel listing a team is asked again. */
const LIST_FAILED_MS = 300_000;
const MAX_TEAMS_REMEMBERED = 500;
const MAX_ID = 300;

const idAt = (v: unknown, key: string): string | undefined => {
  const inner = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  const id = typeof inner === 'object' && inner !== null ? (inner as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id && id.length <= MAX_ID ? id : undefined;
};

const sameLocation = (a: TeamsChannelLocation, b: TeamsChannelLocation) =>
  a.teamId === b.teamId &&
  a.serviceUrl === b.serviceUrl &&
  a.tenantId === b.tenantId &&
  a.botId === b.botId &&
  a.botName === b.botName;

/** Creates the learner for one escalation channel. */
export function createChannelLearner(deps: ChannelLearnerDeps): ChannelLearner {
  const { channelId: target, store, log } = deps;
  const now = deps.now ?? Date.now;
  let known: TeamsChannelLocation | undefined;
  /** Teams known not to hold the channel (or not listable), until when. */
  const notHere = new Map<string, number>();

  const location = async () => {
    if (!target) return undefined;
    known ??= await store.get(target);
    return known;
  };

  const rememberNotHere = (teamId: string, ms: number) => {
    notHere.delete(teamId);
    notHere.set(teamId, now() + ms);
    if (notHere.size > MAX_TEAMS_REMEMBERED) notHere.delete(notHere.keys().next().value ?? '');
  };

  const holdsChannel = async (teamId: string, channel: string | undefined, listChannels: ListChannels) => {
    if (channel === target || teamId === target || known?.teamId === teamId) return true;
    if ((notHere.get(teamId) ?? 0) > now()) return false;
    try {
      const ids = await listChannels(teamId);
      if (ids.includes(target ?? '')) return true;
      rememberNotHere(teamId, NOT_HERE_MS);
    } catch (err) {
      log.warn({ err, teamId }, 'teams: could not list the channels of a team');
      rememberNotHere(teamId, LIST_FAILED_MS);
    }
    return false;
  };

  return {
    channelId: target,
    location,
    async observe(activity, listChannels) {
      if (!target || activity.channelId !== 'msteams') return;
      const teamId = idAt(activity.channelData, 'team');
      const botId = activity.recipient?.id;
      const serviceUrl = activity.serviceUrl;
      if (!teamId || !botId || typeof serviceUrl !== 'string' || !serviceUrl) return;
      try {
        await location();
        if (!(await holdsChannel(teamId, idAt(activity.channelData, 'channel'), listChannels))) return;
        const learned: TeamsChannelLocation = {
          channelId: target,
          teamId,
          serviceUrl,
          tenantId: idAt(activity.channelData, 'tenant') ?? activity.conversation?.tenantId,
          botId,
          botName: activity.recipient?.name,
          learnedAt: now(),
        };
        if (known && sameLocation(known, learned)) return;
        await store.put(learned);
        known = learned;
        log.info({ channel: target, teamId, serviceUrl }, 'teams: learned where the escalation channel is');
      } catch (err) {
        log.warn({ err }, 'teams: could not store where the escalation channel is');
      }
    },
  };
}
