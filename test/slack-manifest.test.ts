// The Slack app manifest is importable as is and says exactly what the code registers: command, events, scopes, URLs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { composeBot } from '../src/app/compose.ts';
import { createLogger } from '../src/app/logger.ts';
import { settingsOf } from '../src/channels/channel.ts';
import { createSlackChannel } from '../src/channels/slack/create-slack-channel.ts';
import { printSlackManifest } from '../src/channels/slack/print-slack-manifest.ts';
import {
  SLACK_BOT_EVENTS,
  SLACK_BOT_SCOPES,
  SLACK_EVENTS_PATH,
  VPNCODE_COMMAND,
} from '../src/channels/slack/slack-contract.ts';
import {
  MANIFEST_PLACEHOLDER_BASE,
  SLACK_MANIFEST_FILE,
  slackManifestText,
} from '../src/channels/slack/slack-manifest.ts';
import { slackModule } from '../src/channels/slack/slack-module.ts';
import { loadConfig } from '../src/config.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';

interface Manifest {
  _metadata: { major_version: number };
  display_information: {
    name: string;
    description: string;
    long_description?: string;
    background_color?: string;
  };
  features: {
    app_home: {
      home_tab_enabled: boolean;
      messages_tab_enabled: boolean;
      messages_tab_read_only_enabled: boolean;
    };
    bot_user: { display_name: string; always_online?: boolean };
    slash_commands: {
      command: string;
      url?: string;
      description: string;
      usage_hint?: string;
      should_escape?: boolean;
    }[];
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[]; user_events?: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(readFileSync(SLACK_MANIFEST_FILE, 'utf8')) as Manifest;
const sorted = (xs: readonly string[]) => [...xs].sort();

function registered() {
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-x',
    SLACK_SIGNING_SECRET: 'secret',
    LOG_LEVEL: 'silent',
  });
  const { bot } = composeBot(config, { store: createSqliteStore(':memory:') });
  return createSlackChannel({
    bot,
    log: createLogger('silent'),
    settings: settingsOf(config, slackModule) ?? { botToken: '', signingSecret: '' },
  }).registered;
}

describe('manifest/slack-app.yaml', () => {
  it('lists exactly the slash command and bot events the code registers', () => {
    const reg = registered();
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(reg.commands);
    expect(reg.commands).toEqual([VPNCODE_COMMAND]);
    expect(sorted(manifest.settings.event_subscriptions.bot_events)).toEqual(sorted(reg.events));
    expect(sorted(reg.events)).toEqual(sorted(SLACK_BOT_EVENTS));
    expect(manifest.settings.event_subscriptions.user_events ?? []).toEqual([]);
  });

  it('asks for exactly the least bot scopes the code needs, and no user scopes', () => {
    expect(sorted(manifest.oauth_config.scopes.bot)).toEqual(sorted(Object.keys(SLACK_BOT_SCOPES)));
    expect(manifest.oauth_config.scopes.user ?? []).toEqual([]);
  });

  it('sends events, the command and interactivity to the one path, from the placeholder base', () => {
    const urls = [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      ...manifest.features.slash_commands.map((c) => c.url),
    ];
    for (const url of urls) expect(url).toBe(`${MANIFEST_PLACEHOLDER_BASE}${SLACK_EVENTS_PATH}`);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('turns on the Home tab and the Messages tab, and has a bot user', () => {
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9][a-z0-9._-]{0,79}$/);
  });

  it("keeps within Slack's manifest field limits", () => {
    const info = manifest.display_information;
    expect(manifest._metadata.major_version).toBe(1);
    expect(info.name.length).toBeLessThanOrEqual(35);
    expect(info.description.length).toBeLessThanOrEqual(140);
    expect(info.long_description?.length ?? 175).toBeGreaterThanOrEqual(175);
    expect(info.long_description?.length ?? 0).toBeLessThanOrEqual(4000);
    expect(info.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    for (const c of manifest.features.slash_commands) {
      expect(c.command).toMatch(/^\/[a-z0-9_-]{1,31}$/);
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect((c.usage_hint ?? '').length).toBeLessThanOrEqual(100);
    }
  });
});

describe('npm run manifest:slack', () => {
  it('fills every request URL from PUBLIC_BASE_URL', () => {
    const filled = parse(slackManifestText({ baseUrl: 'https://help.acme.test/' })) as Manifest;
    expect(filled.settings.event_subscriptions.request_url).toBe('https://help.acme.test/slack/events');
    expect(filled.settings.interactivity.request_url).toBe('https://help.acme.test/slack/events');
    expect(filled.features.slash_commands[0]?.url).toBe('https://help.acme.test/slack/events');
    expect(slackManifestText({ baseUrl: 'https://help.acme.test' })).not.toContain(MANIFEST_PLACEHOLDER_BASE);
  });

  it('prints the Socket Mode variant without request URLs', () => {
    const socket = parse(slackManifestText({ socketMode: true })) as Manifest;
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(socket.settings.event_subscriptions.request_url).toBeUndefined();
    expect(socket.settings.interactivity).toEqual({ is_enabled: true });
    expect(socket.features.slash_commands[0]?.url).toBeUndefined();
    expect(socket.settings.event_subscriptions.bot_events).toEqual(
      manifest.settings.event_subscriptions.bot_events,
    );
  });

  it('asks for PUBLIC_BASE_URL when it is not set', () => {
    const err: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      expect(printSlackManifest([], {})).toBe(1);
    } finally {
      process.stderr.write = write;
    }
    expect(err.join('')).toContain('PUBLIC_BASE_URL');
  });
});
