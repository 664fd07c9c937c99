// The whole handoff in real Chromium: a user in the web chat asks for a person, an agent works the case on /agent.
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/browser.ts';
import { type ConnectorStub, startConnectorStub } from './helpers/connector-stub.ts';
import { ODD_NAME, openTappedCase } from './helpers/console-cases.ts';
import { type HandoffHarness, startHandoffHarness } from './helpers/handoff-server.ts';
import { personalMessage, postActivity } from './helpers/teams-activity.ts';
import { heard } from './helpers/teams-cards.ts';

/** The closing note's label, as the agent sees it next to "Close case". */
const NOTE = 'Closing note for the user (optional)';

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

    await agent.locator('#cases > li').first().getByLabel(NOTE).fill('Switched you to SSTP');
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

    await card.getByLabel(NOTE).fill('Fixed the DNS record');
    await card.getByRole('button', { name: 'Close case' }).click();
    await userHeard(/Lee has closed your case: Fixed the DNS record[\s\S]*Is your VPN working now\?/);
  });
});

describe('the console as an agent meets it', () => {
  const agentPage = async (name: string, width = 1280, height = 800) => {
    const page = await (await browser.newContext({ viewport: { width, height }, bypassCSP: true })).newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(`${h.url}/agent`);
    await page.fill('#agent', name);
    await page.press('#agent', 'Tab');
    return { page, problems };
  };
  const cardOf = (page: Page, id: string) => page.locator(`#cases > li[data-case-id="${id}"]`);
  const noteValues = async (page: Page) =>
    Promise.all((await page.getByLabel(NOTE).all()).map((field) => field.inputValue()));

  it('the closing note is emptied when its case is closed and when another case is selected', async () => {
    const a = await openTappedCase(h, 'note-clears-a', 'Ann');
    const b = await openTappedCase(h, 'note-clears-b', 'Bob');
    const { page, problems } = await agentPage('Kim');
    await cardOf(page, a).getByRole('button', { name: 'Claim' }).click();
    await cardOf(page, a)
      .getByText(/Kim is on it/)
      .waitFor();
    await page.getByLabel(NOTE).fill('Reset your token');
    await page.fill('#reply-text', 'Half-written reply for Ann');
    await cardOf(page, a).getByRole('button', { name: 'Close case' }).click();
    await cardOf(page, a)
      .getByText(/Closed by Kim/)
      .waitFor();
    expect((await h.composed.handoffs.get(a))?.note).toBe('Reset your token');
    expect(await noteValues(page)).toEqual(expect.not.arrayContaining([expect.stringMatching(/\S/)]));
    await expect(page.inputValue('#reply-text')).resolves.toBe('');

    await cardOf(page, b).getByRole('button', { name: 'Claim' }).click();
    await cardOf(page, b)
      .getByText(/Kim is on it/)
      .waitFor();
    expect(await noteValues(page)).toEqual(['']);
    await page.getByLabel(NOTE).fill('Meant for Bob only');
    await page.fill('#reply-text', 'Half-written reply for Bob');
    await cardOf(page, a).getByRole('button', { name: 'Open conversation' }).click();
    await page.getByRole('heading', { name: `Conversation ${a}` }).waitFor();
    expect(await noteValues(page)).toEqual(['']);
    await expect(page.inputValue('#reply-text')).resolves.toBe('');
    expect(problems).toEqual([]);
  });

  it('the closing note sits in the card with "Close case", with a label the agent can see', async () => {
    const id = await openTappedCase(h, 'note-placed-1', 'Cy');
    const { page } = await agentPage('Lou');
    const card = cardOf(page, id);
    await card.getByRole('button', { name: 'Claim' }).click();
    await card.getByText(/Lou is on it/).waitFor();
    const note = card.getByLabel(NOTE);
    await expect(note.isVisible()).resolves.toBe(true);
    await expect(card.getByText(NOTE, { exact: true }).isVisible()).resolves.toBe(true);
    await expect(card.getByRole('button', { name: 'Close case' }).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel(NOTE).count()).resolves.toBe(1);
  });

  it('the card shows what the user typed, as typed: no markdown escapes, no markup run', async () => {
    const id = await openTappedCase(h, 'as-typed-1');
    const { page, problems } = await agentPage('Mo');
    const card = cardOf(page, id);
    await card.getByText(/Waiting for an agent/).waitFor();
    const text = await card.textContent();
    expect(text).toContain(ODD_NAME);
    expect(text).toContain('[redacted]');
    expect(text).toContain('**bold**');
    expect(text).not.toContain('\\');
    expect(text).not.toContain('\u200B');
    await card.getByRole('button', { name: 'Open conversation' }).click();
    await page.locator('#lines li.user', { hasText: '**bold**' }).waitFor();
    await expect(page.locator('#cases img, #lines img').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  });

  it('the conversation shows the button the user pressed, not its id', async () => {
    const id = await openTappedCase(h, 'tapped-words-1', 'Di');
    const { page } = await agentPage('Ned');
    await cardOf(page, id).getByRole('button', { name: 'Open conversation' }).click();
    await page.locator('#lines li.user', { hasText: 'No, fails there too' }).waitFor();
    await expect(page.locator('#lines li.user', { hasText: "I don't know" }).count()).resolves.toBe(1);
    await expect(page.locator('#lines').textContent()).resolves.not.toMatch(/\[tapped|fails_there/);
  });

  const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };
  const seriousViolations = async (page: Page) => {
    await page.addScriptTag({ path: axeSource });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
      return (await axe.run()).violations;
    });
    return violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  };

  it.each([
    [1280, 800],
    [390, 844],
  ])(
    'axe finds nothing critical or serious with a queued case open and with a claimed one (%ix%i)',
    async (width, height) => {
      const id = await openTappedCase(h, `axe-check-${width}`);
      const { page } = await agentPage('Pat', width, height);
      const card = cardOf(page, id);
      await card.getByRole('button', { name: 'Open conversation' }).click();
      await page.locator('#lines li.user', { hasText: '**bold**' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await card.getByRole('button', { name: 'Claim' }).click();
      await card.getByText(/Pat is on it/).waitFor();
      await page.locator('#lines li', { hasText: 'Pat claimed the case' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    },
  );
});
