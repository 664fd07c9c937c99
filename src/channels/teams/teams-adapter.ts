// The Bot Framework edge: botbuilder's CloudAdapter with ConfigurationBotFrameworkAuthentication from config.teams.
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
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
  };
}
