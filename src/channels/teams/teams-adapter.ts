// The Bot Framework edge: botbuilder's CloudAdapter with ConfigurationBotFrameworkAuthentication from config.teams.
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationParameters,
  type ConversationReference,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../../config.ts';

/** One authenticated turn: validates `authHeader` (skipped in local mode), runs `logic`, returns an invoke's answer. */
export interface TeamsAdapter {
  process(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined>;
  /** Runs `logic` in an existing conversation outside a request (proactive messages), as this bot. */
  continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
  /**
   * Starts a conversation as this bot through the connector at `reference.serviceUrl` (in Teams, with
   * `channelData.channel`: a new thread in that channel, its first message `parameters.activity`) and returns
   * the connector's answer: the new conversation's id and, where the channel says, the first message's id.
   */
  createConversation(
    reference: Partial<ConversationReference>,
    parameters: ConversationParameters,
  ): Promise<{ id: string; activityId?: string }>;
}

/** The connector client botbuilder keeps in a proactive turn's state (only the call used here). */
interface ConversationsClient {
  conversations: {
    createConversation(parameters: ConversationParameters): Promise<{ id?: string; activityId?: string }>;
  };
}

/** CloudAdapter with its turn pipeline reachable without its express glue, so errors map to our own statuses. */
class DirectCloudAdapter extends CloudAdapter {
  run(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** Creates the adapter; with no app id botbuilder skips authentication, so callers must enforce local mode first. */
export function createTeamsAdapter(teams: Config['teams']): TeamsAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: teams.appId,
    MicrosoftAppPassword: teams.appPassword,
    MicrosoftAppType: teams.appType,
    MicrosoftAppTenantId: teams.tenantId,
  });
  const adapter = new DirectCloudAdapter(auth);
  return {
    process: (authHeader, activity, logic) => adapter.run(authHeader, activity, logic),
    continueConversation: (reference, logic) =>
      adapter.continueConversationAsync(teams.appId ?? '', reference, logic),
    // CloudAdapter's own createConversationAsync drops the first message's id, so call the connector directly.
    async createConversation(reference, parameters) {
      let created: { id?: string; activityId?: string } | undefined;
      await adapter.continueConversationAsync(teams.appId ?? '', reference, async (context) => {
        const client = context.turnState.get<ConversationsClient>(context.adapter.ConnectorClientKey);
        created = await client.conversations.createConversation(parameters);
      });
      if (!created?.id) throw new Error('the connector created no conversation');
      return { id: created.id, activityId: created.activityId };
    },
  };
}
