// The optional Bot Framework `handoff.initiate` event: sent on Azure Bot Service channels that take it, never on Teams.
import { afterEach, describe, expect, it } from 'vitest';
import { type ConnectorStub, startConnectorStub } from './helpers/connector-stub.ts';
import { type HandoffHarness, startHandoffHarness } from './helpers/handoff-server.ts';
import { personalMessage, postActivity } from './helpers/teams-activity.ts';
import { heard } from './helpers/teams-cards.ts';

const open: { h?: HandoffHarness; stub?: ConnectorStub }[] = [];
afterEach(async () => {
  for (const { h, stub } of open.splice(0)) {
    await h?.stop();
    await stub?.close();
  }
});

/**
 * A user on `channelId` asks for a person; returns the activities the connector stub received, and the posts of
 * the last turn ("talk to a person") alone.
 */
async function askForPerson(channelId: string, env: Record<string, string>) {
  const h = await startHandoffHarness(env);
  const stub = await startConnectorStub();
  open.push({ h, stub });
  const say = (text: string) =>
    postActivity(
      h.url,
      personalMessage({ serviceUrl: stub.url, channelId, conversationId: `conv-${channelId}`, text }),
    );
  await say('error 809');
  await say('my password is Summer2026!');
  const earlier = stub.posts.length;
  expect((await say('talk to a person')).status).toBe(200);
  return { sent: stub.posts.map((p) => p.activity), lastTurn: stub.posts.slice(earlier) };
}
const events = (activities: Record<string, unknown>[]) => activities.filter((a) => a.type === 'event');

describe('handoff.initiate', () => {
  it('goes out on webchat with the case, its summary and a redacted transcript, after the user is told', async () => {
    const { sent, lastTurn } = await askForPerson('webchat', { BOTFRAMEWORK_HANDOFF_EVENT: 'on' });
    const [event] = events(sent);
    expect(event).toMatchObject({ name: 'handoff.initiate', channelId: 'webchat' });
    const value = event?.value as { caseId: string; summary: { codes: { code: string }[] } };
    expect(value.caseId).toMatch(/^VPN-/);
    expect(value.summary.codes[0]?.code).toBe('809');
    const [attachment] = (event?.attachments ?? []) as {
      name: string;
      content: { activities: { text: string }[] };
    }[];
    expect(attachment?.name).toBe('Transcript');
    const transcript = JSON.stringify(attachment?.content.activities);
    expect(transcript).toContain('error 809');
    expect(transcript).not.toContain('Summer2026');
    const told = lastTurn.findIndex((p) => heard([p]).includes("I've asked the help desk to take over"));
    expect(told, 'the user was told the help desk takes over').toBeGreaterThanOrEqual(0);
    expect(lastTurn.findIndex((p) => p.activity.type === 'event')).toBeGreaterThan(told);
  });

  it.each([
    ['msteams', { BOTFRAMEWORK_HANDOFF_EVENT: 'on' }],
    ['webchat', {}],
  ])('is not sent on %s with %j', async (channelId, env) => {
    expect(events((await askForPerson(channelId, env)).sent)).toEqual([]);
  });
});
