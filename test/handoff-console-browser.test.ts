// The whole handoff in real Chromium: a user in the web chat asks for a person, an agent works the case on /agent.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/browser.ts';
import { type ConnectorStub, startConnectorStub } from './helpers/connector-stub.ts';
import { type HandoffHarness, startHandoffHarness } from './helpers/handoff-server.ts';
import { personalMessage, postActivity } from './helpers/teams-activity.ts';
import { heard } from './helpers/teams-cards.ts';

let browser: Browser;
let h: HandoffHarness;
let teams: ConnectorStub;

beforeAll(async () => {
  browser = await launchChromium();
  h = await startHandoffHarness();
  h.composed.handoffs.start(200);
  teams = await startConnectorStub();
});
afterAll(async () => {
  await teams?.close();
  await browser?.close();
  await h?.stop();
});

const send = async (page: Page, text: string) => {
  await page.fill('#input', text);
  await page.press('#input', 'Enter');
};

describe('a user on the web chat, an agent on the console', () => {
  it('asks, is claimed, talks both ways, is closed with a note and answers the feedback', async () => {
    const user = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    const agent = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    const pageErrors: string[] = [];
    for (const page of [user, agent]) page.on('pageerror', (err) => pageErrors.push(err.message));

    await user.goto(`${h.url}/`);
    await user.locator('.ac-adaptiveCard').first().waitFor();
    await send(user, 'error 809');
    await user
      .getByText(/Error 809/)
      .first()
      .waitFor();
    await send(user, 'talk to a person');
    await user.getByText('Getting you a person').waitFor();

    await agent.goto(`${h.url}/agent`);
    await agent.fill('#agent', 'Dana');
    await agent.press('#agent', 'Tab');
    const caseCard = agent.locator('#cases > li').first();
    await caseCard.getByText(/Waiting for an agent/).waitFor();
    await expect(caseCard.textContent()).resolves.toMatch(/809/);
    await caseCard.getByRole('button', { name: 'Claim' }).click();
    await agent
      .locator('#cases > li')
      .first()
      .getByText(/Dana is on it/)
      .waitFor();

    await user
      .getByText('Dana from the help desk has joined. Write here and they will see it.')
      .waitFor({ timeout: 10_000 });
    await agent.fill('#reply-text', 'Hi, I am looking at your laptop now.');
    await agent.press('#reply-text', 'Enter');
    await user.getByText('Dana: Hi, I am looking at your laptop now.').waitFor({ timeout: 10_000 });

    await send(user, 'thanks, I am on hotel wifi');
    await agent
      .locator('#lines li.user', { hasText: 'thanks, I am on hotel wifi' })
      .waitFor({ timeout: 10_000 });

    await agent.fill('#close-note', 'Switched you to SSTP');
    await agent.locator('#cases > li').first().getByRole('button', { name: 'Close case' }).click();
    await agent
      .locator('#cases > li')
      .first()
      .getByText(/Closed by Dana/)
      .waitFor();
    await user.getByText('Dana has closed your case: Switched you to SSTP').waitFor({ timeout: 10_000 });
    await user.getByText('Is your VPN working now?').waitFor();
    await user.getByRole('button', { name: 'Yes, fixed' }).last().click();
    await user.getByText(/Glad you're connected again/).waitFor();
    expect(pageErrors).toEqual([]);
  });
});

describe('a user in Teams, an agent on the console', () => {
  const userTypes = (text: string) =>
    postActivity(h.url, personalMessage({ serviceUrl: teams.url, conversationId: 'a:teams-user-2', text }));
  const userHeard = async (pattern: RegExp) => {
    for (let i = 0; i < 100 && !pattern.test(heard(teams.messages())); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(heard(teams.messages())).toMatch(pattern);
  };

  it('the same loop: claim, talk both ways, close with a note, the feedback question in Teams', async () => {
    await userTypes('error 868');
    await userTypes('talk to a person');
    const agent = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    await agent.goto(`${h.url}/agent`);
    await agent.fill('#agent', 'Lee');
    await agent.press('#agent', 'Tab');
    const card = agent.locator('#cases > li', { hasText: '868' }).first();
    await card.getByText(/Waiting for an agent/).waitFor();
    await card.getByRole('button', { name: 'Claim' }).click();
    await userHeard(/Lee from the help desk has joined/);

    await card.getByRole('button', { name: 'Open conversation' }).click();
    await agent.fill('#reply-text', 'Which server name do you use?');
    await agent.press('#reply-text', 'Enter');
    await userHeard(/Lee: Which server name do you use\?/);

    await userTypes('vpn.contoso.com');
    await agent.locator('#lines li.user', { hasText: 'vpn.contoso.com' }).waitFor({ timeout: 10_000 });

    await agent.fill('#close-note', 'Fixed the DNS record');
    await card.getByRole('button', { name: 'Close case' }).click();
    await userHeard(/Lee has closed your case: Fixed the DNS record[\s\S]*Is your VPN working now\?/);
  });
});
