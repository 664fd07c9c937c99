// The optional ticket webhook as a ticket system receives it: signed JSON, retried, and never the user's address.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type HandoffHarness, startHandoffHarness } from './helpers/handoff-server.ts';

const SECRET = 'webhook-secret-for-tests';
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

/** A ticket system on loopback that answers `statuses` in turn (then 200) and records what it got. */
async function ticketSystem(statuses: number[]) {
  const got: { body: string; signature: string | undefined }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      got.push({ body, signature: req.headers['x-vpnbot-signature'] as string | undefined });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/vpnbot`, got };
}

describe('the ticket webhook', () => {
  it('gets case.opened and case.closed, signed, after a failure is retried, without the user address', async () => {
    const tickets = await ticketSystem([500]);
    const h: HandoffHarness = await startHandoffHarness({
      ESCALATION_WEBHOOK_URL: tickets.url,
      ESCALATION_WEBHOOK_SECRET: SECRET,
    });
    cleanup.push(() => h.stop());
    await h.userSays('webhook-user-1', 'error 691');
    await h.userSays('webhook-user-1', 'talk to a person');
    await h.composed.handoffs.dispatch();
    expect(tickets.got).toHaveLength(1);
    h.clock.now += 6_000; // the first retry waits 5 s, give or take 10 %
    await h.composed.handoffs.dispatch();
    const [id] = (await h.composed.handoffs.list()).map((c) => c.id);
    await h.agentApi(`/cases/${id}/claim`, { agent: 'Dana' });
    await h.agentApi(`/cases/${id}/close`, { agent: 'Dana', note: 'password reset' });
    await h.composed.handoffs.dispatch();

    expect(tickets.got).toHaveLength(3);
    for (const { body, signature } of tickets.got) {
      expect(signature).toBe(`sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`);
      expect(body).not.toContain('webhook-user-1');
      expect(JSON.parse(body).case).not.toHaveProperty('address');
    }
    const events = tickets.got.slice(1).map((g) => JSON.parse(g.body));
    expect(events.map((e) => e.event)).toEqual(['case.opened', 'case.closed']);
    expect(events[0].case.summary.codes[0]).toMatchObject({ code: '691' });
    expect(events[1].case).toMatchObject({ status: 'closed', note: 'password reset' });
  });

  it('a webhook URL without its secret stops the start-up, naming the variable', async () => {
    await expect(startHandoffHarness({ ESCALATION_WEBHOOK_URL: 'https://t.example/hook' })).rejects.toThrow(
      /ESCALATION_WEBHOOK_SECRET/,
    );
  });
});
