// Each code of the seed's reference table keeps the seed's key facts (ports, protocols, causes, who must act),
// so a rewording can never drift away from them. The facts are the seed's; the wording in the entries is ours.
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../src/content/load-knowledge.ts';
import { type Actor, type Entry, expandRanges } from '../src/core/knowledge.ts';

const entries = loadKnowledge();

/** What an entry says: its title, meaning, causes and both kinds of steps. */
const saysAll = (e: Entry) => [e.title, e.meaning, ...e.causes, ...e.userSteps, ...e.techSteps].join('\n');

interface SeedFacts {
  /** The codes the seed's row names. */
  codes: number[];
  /** The seed's facts: each must be said somewhere in the entry's title, meaning, causes or steps. */
  says: RegExp[];
  /** Facts the steps for the user must say. */
  userSteps?: RegExp[];
  /** What the entry must not say (the seed says otherwise). */
  never?: RegExp[];
  actor?: Actor;
}

/** The seed's table (seeds/000_10239a7ff750633b.txt), row by row: entry id → the seed's facts. */
const SEED: Record<string, SeedFacts> = {
  '628-629': {
    codes: [628, 629],
    // TCP 1723 is let out but GRE is not; the server drops the session when LCP times out; open IP type 47.
    says: [/TCP 1723/, /\bGRE\b/, /(IP )?protocol 47/, /\bLCP\b/, /time[sd]? out/],
    actor: 'local-network',
  },
  '633': {
    codes: [633],
    // Another VPN connection is already up.
    says: [/another VPN/i, /already/],
    userSteps: [/disconnect/i],
  },
  '678': {
    codes: [678],
    // Hotel or hotspot portal terms not accepted, or only HTTP/HTTPS allowed out; check websites, ping the
    // server name, test TCP 1723.
    says: [/terms|sign in/, /captive portal/, /HTTP and HTTPS|web traffic/, /\bping\b/i, /1723/],
    userSteps: [/website/],
  },
  '692': {
    codes: [692],
    // TCP 1723 is blocked and the firewall answers with a reset; local network support, or SSTP.
    says: [/TCP (port )?1723/, /\breset\b/, /SSTP/],
    actor: 'local-network',
  },
  '711': {
    codes: [711],
    // Third-party software such as IDS/IPS or antivirus stops it without telling the user.
    says: [/antivirus/i, /intrusion|IDS|IPS/, /without saying so|without telling/],
  },
  '721': {
    codes: [721],
    // Connected on TCP 1723 but LCP could not be negotiated: GRE dropped, or its replies blocked.
    says: [/TCP (port )?1723/, /\bGRE\b/, /protocol 47|IP 47/, /repl(y|ies)/],
    actor: 'local-network',
  },
  '722': {
    codes: [722],
    // A router's PPTP fixup corrupts the data; network support at the user's location.
    says: [/fixup/, /PPTP/, /damaged|garbled|alters|mangles/],
    actor: 'local-network',
  },
  '739': {
    codes: [739],
    // The client must use MS-CHAP v2, with SPAP and PAP cleared: a setting for IT, not something to retype.
    says: [/MS-CHAP v2/, /\bPAP\b/, /\bSPAP\b/, /clear PAP and SPAP/],
    userSteps: [/tell the help desk the code 739/i],
    never: [/type (your|the) password/i],
    actor: 'it',
  },
  '741': {
    codes: [741],
    // The client's settings are wrong for the encryption needed.
    says: [/encryption/, /settings on the laptop|VPN profile/],
  },
  '768': {
    codes: [768],
    // Data encryption is required and failed; check a manually configured client.
    says: [/encrypt/, /requires encryption|encryption.*required/, /by hand|manual/],
  },
  '785-793': {
    codes: [785, 786, 787, 788, 789, 790, 791, 792, 793],
    // L2TP errors: check the client settings, especially a pre-shared key; IPsec in UDP behind NAT needs the
    // encapsulation setting, and a reboot after changing it.
    says: [
      /L2TP/,
      /pre-shared key/,
      /\bNAT\b/,
      /UDP encapsulation/,
      /AssumeUDPEncapsulationContextOnSendRule/,
      /reboot/,
    ],
    actor: 'it',
  },
  '798': {
    codes: [798],
    // The seed's L2TP group includes smart cards.
    says: [/smart card/i, /certificate/],
  },
  '800': {
    codes: [800],
    // Generic: something failed and Windows can't tell what; check third-party software.
    says: [/general error|reason unclear/, /third-party/i],
  },
  '806': {
    codes: [806],
    // A firewall or IPS closes GRE mid-way; Check Point SmartDefense; local LAN support.
    says: [
      /\bGRE\b/,
      /TCP 1723/,
      /intrusion prevention|IPS/,
      /Check Point|SmartDefense/,
      /mid-way|during setup/,
    ],
    actor: 'local-network',
  },
  '807': {
    codes: [807],
    // The client got a reset (RST/ACK) when it tried to connect: a firewall blocks outbound VPN connections.
    says: [/\breset\b/, /RST\/ACK/, /firewall/, /outbound|going out/, /connect/],
    never: [/weak/i],
    actor: 'local-network',
  },
  '809': {
    codes: [809],
    // Nothing is let out: the local network blocks the VPN (UDP 500/4500 for IPsec); local network support.
    says: [/UDP 500/, /4500/, /blocks/, /not responding|nothing came back/],
    actor: 'local-network',
  },
  '868': {
    codes: [868],
    // The server's name did not resolve: check DNS, else the user's network is at fault.
    says: [/\bDNS\b/, /resolve|turn into an address/, /server name/, /network/],
  },
};

/** Every code in the seed's table. */
const SEED_CODES = [
  628, 629, 633, 678, 692, 711, 721, 722, 739, 741, 768, 785, 786, 787, 788, 789, 790, 791, 792, 793, 798,
  800, 806, 807, 809, 868,
];

describe('the seed reference table', () => {
  it('has a row for each of its codes here', () => {
    expect(
      Object.values(SEED)
        .flatMap((r) => r.codes)
        .sort((a, b) => a - b),
    ).toEqual(SEED_CODES);
  });

  it.each(Object.entries(SEED))('%s keeps the seed’s facts', (id, seed) => {
    const entry = entries.find((e) => e.id === id);
    expect(entry, `no entry ${id}`).toBeDefined();
    if (!entry) return;
    expect(expandRanges(entry.ranges)).toEqual(expect.arrayContaining(seed.codes));
    const text = saysAll(entry);
    const steps = entry.userSteps.join('\n');
    const missing = [
      ...seed.says.filter((re) => !re.test(text)).map((re) => `says ${re}`),
      ...(seed.userSteps ?? []).filter((re) => !re.test(steps)).map((re) => `user steps say ${re}`),
      ...(seed.never ?? []).filter((re) => re.test(text)).map((re) => `never says ${re}`),
      ...(seed.actor && entry.actor !== seed.actor ? [`actor ${seed.actor}, not ${entry.actor}`] : []),
    ];
    expect(missing).toEqual([]);
  });
});
