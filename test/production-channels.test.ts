// In production a channel without its credentials is off, not a reason to refuse to start; /api/messages is never
// served unauthenticated there.
import { describe, expect, it } from 'vitest';
import { BOT_TOKEN, SIGNING_SECRET, slackSignature, startSlackStub } from './helpers/slack-harness.ts';
import { folderWithEnv, freePort, startServe } from './helpers/spawned-cli.ts';
import { personalMessage, postActivity } from './helpers/teams-activity.ts';
import { startTeamsTestServer } from './helpers/teams-server.ts';

const APP_ID = '11111111-2222-3333-4444-555555555555';

describe('vpnbot serve with NODE_ENV=production and only Slack settings', () => {
  it('starts, serves /slack/events, answers 404 at /api/messages and logs which channels are on', async () => {
    const slack = await startSlackStub();
    const port = await freePort();
    const serve = await startServe(folderWithEnv(), port, {
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      const teams = await postActivity(
        url,
        personalMessage({ serviceUrl: 'http://127.0.0.1:1/', text: 'hi' }),
      );
      expect(teams.status).toBe(404);

      const body = JSON.stringify({ type: 'url_verification', challenge: 'abc123' });
      const ts = Math.floor(Date.now() / 1000);
      const res = await fetch(`${url}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': slackSignature(SIGNING_SECRET, ts, body),
        },
        body,
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ challenge: 'abc123' });

      const log = serve.output();
      expect(log).toContain('Teams: off — MicrosoftAppId unset (required with NODE_ENV=production)');
      expect(log).toContain(
        'Slack: on — SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET set: events at /slack/events',
      );
      expect(log).toContain('SMS: off — TWILIO_AUTH_TOKEN unset');
    } finally {
      await serve.stop();
      await slack.close();
    }
  }, 90_000);
});

describe('POST /api/messages without a token, from this machine', () => {
  const PRODUCTION = { NODE_ENV: 'production' };
  const MSI = { MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't' };
  it.each<[string, number, Record<string, string>]>([
    ['production, no app id: not served', 404, PRODUCTION],
    [
      'production, an app id without its password: not served',
      404,
      { ...PRODUCTION, MicrosoftAppId: APP_ID },
    ],
    [
      'production, app id and password: served, the token is checked',
      401,
      { ...PRODUCTION, MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret' },
    ],
    [
      'production, a managed identity (no password): served, the token is checked',
      401,
      { ...PRODUCTION, MicrosoftAppId: APP_ID, ...MSI },
    ],
    ['development, no app id: local mode, which refuses a serviceUrl off this machine', 403, {}],
  ])('%s → %i', async (_case, status, env) => {
    const server = await startTeamsTestServer({ env });
    try {
      const activity = personalMessage({ serviceUrl: 'https://smba.trafficmanager.net/amer/', text: 'hi' });
      expect((await postActivity(server.url, activity)).status).toBe(status);
    } finally {
      await server.close();
    }
  });
});
