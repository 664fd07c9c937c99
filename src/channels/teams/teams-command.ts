// Reads a Teams message (mention already stripped) as a code lookup for a tech or as the start of a triage.
import { cleanInput } from '../../core/clean-text.ts';
import { bareCode } from '../../core/find-codes.ts';

/** What a message asks for: the `/vpncode` answer for `query` (empty = usage), or a conversation with the engine. */
export type TeamsCommand = { kind: 'lookup'; query: string } | { kind: 'converse'; text: string };

const VPNCODE = /^\/?vpn ?code(?:\s+(.*))?$/i;
const SHARED_LOOKUP = /^\/?(?:code|lookup|error code)(?:\s+(.*))?$/i;
const HELP = /^\/?(?:help|\?|usage|commands)$/i;
const RANGE = /^\d{1,10}\s*[-–]\s*\d{1,10}$/;

/**
 * `vpncode <arg>` is a lookup everywhere. In a team or group chat also `code <arg>`, a bare code or range
 * ("721", "8O9", "Error code: 809", "0x800B0109", "785-793", read by the one code reader) and "help" are
 * lookups; anything else there, a sentence with a code in it too, is a wish to troubleshoot.
 * In a 1:1 chat everything but `vpncode` goes to the engine, which understands codes, "help" and "start over".
 */
export function parseTeamsCommand(raw: string, scope: 'personal' | 'groupChat' | 'channel'): TeamsCommand {
  const text = cleanInput(raw, 1000);
  const vpncode = VPNCODE.exec(text);
  if (vpncode) return { kind: 'lookup', query: vpncode[1]?.trim() ?? '' };
  if (scope === 'personal') return { kind: 'converse', text };
  const shared = SHARED_LOOKUP.exec(text);
  if (shared) return { kind: 'lookup', query: shared[1]?.trim() ?? '' };
  if (HELP.test(text)) return { kind: 'lookup', query: '' };
  if (RANGE.test(text) || bareCode(text) !== undefined) return { kind: 'lookup', query: text };
  return { kind: 'converse', text };
}
