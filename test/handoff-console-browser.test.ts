// The whole handoff in real Chromium: a user in the web chat asks for a person, an agent works the case on /agent.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/browser.ts';
import { type HandoffHarness, startHandoffHarness } from './helpers/handoff-server.ts';

let browser: Browser;
let h: HandoffHarness;

beforeAll(async () => {
  browser = await launchChromium();
  h = await startHandoffHarness();
  h.composed.handoffs.start(200);
});
afterAll(async () => {
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
