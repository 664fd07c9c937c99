// Builds what an agent reads about a case from the conversation: VPN type, network, codes, checks and advice given.
import type { ConversationState } from './conversation-state.ts';
import type { Flow } from './flow.ts';
import type { CaseLine, CaseSummary, HandoffReason } from './handoff-case.ts';
import { type Entry, formatCode } from './knowledge.ts';
import { fillPlaceholders, type OrgFacts } from './org-facts.ts';

const NETWORKS: [RegExp, string][] = [
  [/\bhotel\b|room number/i, 'hotel Wi-Fi'],
  [/\bairport|\bflight|\bplane\b/i, 'airport or in-flight Wi-Fi'],
  [/\b(caf[eé]|coffee|starbucks|restaurant)\b/i, 'café Wi-Fi'],
  [/\btrain\b|\brail\b/i, 'train Wi-Fi'],
  [/\bhot ?spot|tether/i, 'phone hotspot'],
  [/\bhome\b/i, 'home network'],
  [/\b(office|guest (wi-?fi|network))\b/i, 'office or guest network'],
  [/\b(4g|5g|lte|cellular|mobile data)\b/i, 'mobile data'],
];

/** The kind of network the user mentioned in their own words, if any. */
export function networkFrom(lines: readonly CaseLine[]): string | undefined {
  const said = lines.filter((l) => l.from === 'user').map((l) => l.text);
  for (const [re, name] of NETWORKS) if (said.some((t) => re.test(t))) return name;
  return undefined;
}

/** The summary of a conversation at the moment it is handed over. */
export function buildSummary(
  state: ConversationState,
  reason: HandoffReason,
  content: { flow: Flow; entries: readonly Entry[]; org: OrgFacts; byCode(code: number): Entry[] },
  lines: readonly CaseLine[],
): CaseSummary {
  const { flow } = content;
  const fill = (t: string) => fillPlaceholders(t, content.org);
  const codes = state.codes.map((code) => {
    const entry = content.byCode(code)[0];
    return {
      code: formatCode(code),
      title: entry?.title ?? 'unknown code',
      meaning: entry ? fill(entry.meaning) : '',
    };
  });
  const suggested = state.shown.map((shown) => {
    if (shown.startsWith('code:')) {
      const entry = content.entries.find((e) => `code:${e.id}` === shown);
      return entry ? `Error card: ${entry.title}` : shown;
    }
    return flow.outcomes[shown]?.title ?? shown;
  });
  const type = state.vpnType ? flow.vpnTypes[state.vpnType] : undefined;
  return {
    reason,
    vpnType: type && state.vpnType !== 'unknown' ? type.name : undefined,
    network: networkFrom(lines),
    codes,
    checks: state.answers.map((a) => ({ question: fill(a.question), answer: a.label })),
    suggested: [...new Set(suggested)],
  };
}
