// Where the bot posts in a Teams channel it was told about only by id: what Teams showed it when it last saw that team.

/** Everything needed to start a thread in a Teams channel as the bot, learned from an activity of its team. */
export interface TeamsChannelLocation {
  /** The channel's id (`19:…@thread.tacv2`), as ESCALATION_TEAMS_CHANNEL names it. */
  channelId: string;
  teamId: string;
  /** The Bot Framework connector address for the team's region. */
  serviceUrl: string;
  tenantId?: string;
  botId: string;
  botName?: string;
  /** When it was last learned or changed (ms). */
  learnedAt: number;
}

/** Learned channel locations by channel id; survives restarts when backed by the SQLite file. */
export interface TeamsChannelStore {
  /** The location of `channelId`, or undefined until the bot has seen its team; rejects when the store is down. */
  get(channelId: string): Promise<TeamsChannelLocation | undefined>;
  /** Stores (replaces) the location of `location.channelId`. */
  put(location: TeamsChannelLocation): Promise<void>;
}

/** A private in-memory store, for tests and the terminal. */
export function createMemoryTeamsChannelStore(): TeamsChannelStore {
  const locations = new Map<string, TeamsChannelLocation>();
  return {
    get: async (channelId) => {
      const found = locations.get(channelId);
      return found && { ...found };
    },
    put: async (location) => void locations.set(location.channelId, { ...location }),
  };
}

/** A location read back from JSON, or undefined when the row is not one. */
export function readLocation(json: string): TeamsChannelLocation | undefined {
  const v = JSON.parse(json) as Partial<TeamsChannelLocation>;
  const ok =
    typeof v.channelId === 'string' &&
    typeof v.teamId === 'string' &&
    typeof v.serviceUrl === 'string' &&
    typeof v.botId === 'string';
  return ok ? (v as TeamsChannelLocation) : undefined;
}
