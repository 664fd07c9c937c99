// The Bot Framework edge: botbuilder's CloudAdapter with ConfigurationBotFrameworkAuthentication from the Teams settings.
import {
  type Activity,
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConversationParameters,
  type ConversationReference,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConstants, type ServiceClientCredentialsFactory } from 'botframework-connector';
import type { TeamsSettings } from './teams-settings.ts';

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

/**
 * Authentication could not be completed (Microsoft's key endpoint unreachable or failing): the token was neither
 * accepted nor refused, so the request gets 503 and the platform retries it later.
 */
export class AuthUnavailableError extends Error {
  readonly statusCode = 503;
  constructor(cause: unknown) {
    super(`Bot Framework token could not be checked now: ${(cause as Error)?.message ?? String(cause)}`, {
      cause,
    });
    this.name = 'AuthUnavailableError';
  }
}

/** jsonwebtoken's verdicts on a token (bad signature, expired, not yet valid): a refusal, like botbuilder's own 401s. */
const TOKEN_VERDICTS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * A request botbuilder's authentication failed on, as a refusal (401/403 as they are; other 4xx, "Unauthorized…"
 * and tokens jsonwebtoken rejected as 401) or as AuthUnavailableError when it could not decide (the OpenID metadata or its keys could not be fetched).
 */
export function authFailure(err: unknown): unknown {
  const e = err as { statusCode?: unknown; name?: unknown; message?: unknown } | undefined;
  if (e?.statusCode === 401 || e?.statusCode === 403) return err;
  const refused =
    /^unauthori[sz]ed/i.test(String(e?.message)) ||
    (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) ||
    (typeof e?.name === 'string' && TOKEN_VERDICTS.has(e.name));
  if (refused)
    return Object.assign(new Error(`Unauthorized: ${String(e?.message)}`, { cause: err }), {
      statusCode: 401,
    });
  return new AuthUnavailableError(err);
}

/** botbuilder's configuration authentication with its failures sorted into refusals and "could not check now". */
class SortedAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (err) {
      throw authFailure(err);
    }
  }
}

/**
 * botbuilder's settings from config. An OpenID metadata URL (ToBotFrom…OpenIdMetadataUrl) makes botbuilder take
 * every endpoint from the settings, so the public cloud's are filled in around it.
 */
function authSettings(teams: TeamsSettings): ConfigurationBotFrameworkAuthenticationOptions {
  const credentials = {
    MicrosoftAppId: teams.appId,
    MicrosoftAppPassword: teams.appPassword,
    MicrosoftAppType: teams.appType,
    MicrosoftAppTenantId: teams.tenantId,
  };
  if (!teams.channelOpenIdMetadataUrl && !teams.emulatorOpenIdMetadataUrl) return credentials;
  return {
    ...credentials,
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl:
      teams.channelOpenIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl:
      teams.emulatorOpenIdMetadataUrl ?? AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

/**
 * Creates the adapter; with no app id botbuilder skips authentication, so callers must enforce local mode first.
 * `credentials` replaces how the bot gets its own tokens for replies (default: from MicrosoftAppId/Password).
 */
export function createTeamsAdapter(
  teams: TeamsSettings,
  credentials?: ServiceClientCredentialsFactory,
): TeamsAdapter {
  const auth = new SortedAuthentication(authSettings(teams), credentials);
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
