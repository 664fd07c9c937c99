import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SETTING_NAMES } from '../src/config.ts';

describe('configuration from the environment', () => {
  it('runs with nothing set: port 3978, data under ./data, 24 h expiry', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3978,
      dataDir: './data',
      conversationTtlMs: 24 * 3_600_000,
      production: false,
    });
    expect(config.org).toEqual({ vpnTypes: [] });
  });

  it('reads the organisation facts', () => {
    const config = loadConfig({
      VPN_SERVER_NAME: 'vpn.example.com',
      PASSWORD_RESET_URL: 'https://reset.example.com',
      VPN_TYPES: 'SSTP, ikev2',
    });
    expect(config.org).toMatchObject({
      vpnServer: 'vpn.example.com',
      passwordResetUrl: 'https://reset.example.com',
      vpnTypes: ['sstp', 'ikev2'],
    });
  });

  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ PASSWORD_RESET_URL: 'javascript:alert(1)' }, /PASSWORD_RESET_URL/],
    [{ VPN_TYPES: 'sstp,openvpnx' }, /VPN_TYPES/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ])('%j fails at start-up naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});

describe('.env.example', () => {
  const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
  it.each(SETTING_NAMES.map((name) => [name]))('documents %s, which the configuration reads', (name) => {
    expect(example).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });
});
