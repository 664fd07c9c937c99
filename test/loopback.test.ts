// What counts as "this machine" for the loopback-only console, web chat and local Teams mode: caller addresses,
// connector URLs and Host headers. Anything else must get no loopback trust (issue 12, found by mutation testing).
import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, isLoopbackHost, isLoopbackUrl } from '../src/channels/loopback.ts';

describe('caller addresses', () => {
  it.each<[string | undefined, boolean]>([
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['::1', true],
    ['[::1]', true],
    ['0:0:0:0:0:0:0:1', true],
    ['[0:0:0:0:0:0:0:1]', true],
    ['::ffff:127.0.0.1', true],
    ['::FFFF:127.0.0.1', true],
    ['128.0.0.1', false],
    ['10.127.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['::2', false],
    ['0:0:0:0:0:0:0:2', false],
    ['127.0.0.1.evil.example', false],
    ['::[1]', false],
    ['[::1]]', false],
    ['localhost', false],
    ['', false],
    [undefined, false],
  ])('%j is this machine: %s', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});

describe('connector and service URLs', () => {
  it.each<[unknown, boolean]>([
    ['http://localhost:3978/api/messages', true],
    ['https://127.0.0.1/', true],
    ['http://127.1.2.3:8080/x', true],
    ['http://[::1]:56150/_connector', true],
    ['http://LOCALHOST/', true],
    ['ws://localhost/', false],
    ['ftp://127.0.0.1/', false],
    ['javascript:alert(1)', false],
    ['http://user@localhost/', false],
    ['http://:secret@localhost/', false],
    ['http://localhost.evil.example/', false],
    ['http://127.0.0.1.nip.io/', false],
    ['http://evil.example/?next=http://localhost/', false],
    ['not a url', false],
    // An activity's serviceUrl is JSON: a list that reads like a loopback URL is not one.
    [['http://localhost:3978/'], false],
    [42, false],
    [undefined, false],
  ])('%j is on this machine: %s', (url, loopback) => {
    expect(isLoopbackUrl(url)).toBe(loopback);
  });
});

// A browser on this machine tricked by DNS rebinding connects from 127.0.0.1 but sends the attacker's Host.
describe('Host headers', () => {
  it.each<[string | undefined, boolean]>([
    ['localhost', true],
    ['localhost:3978', true],
    ['LOCALHOST:3978', true],
    ['127.0.0.1:3978', true],
    ['[::1]:3978', true],
    ['evil.example', false],
    ['localhost.evil.example', false],
    ['localhost@evil.example', false],
    ['evil.example#localhost', false],
    ['127.0.0.1.evil.example:3978', false],
    ['', false],
    [undefined, false],
  ])('Host %j names this machine: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
