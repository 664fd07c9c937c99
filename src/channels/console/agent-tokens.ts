// Per-agent console tokens from AGENT_TOKENS ("alice:token1,bob:token2"), checked once at start-up (docs/handoff.md).

/** An agent's console name and the token that signs them in. */
export interface AgentToken {
  name: string;
  token: string;
}

/** The names the console accepts for an agent: letters, digits, spaces and . ' _ - (1 to 60 characters). */
export const AGENT_NAME = /^[\p{L}\p{N} .'_-]{1,60}$/u;

/** The shortest token accepted: shorter ones can be guessed. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * Reads `name:token` entries separated by commas; returns the pairs, or one problem per bad entry naming it by
 * position and name (never echoing a token).
 */
export function parseAgentTokens(text: string): { tokens: AgentToken[] } | { problems: string[] } {
  const problems: string[] = [];
  const tokens: AgentToken[] = [];
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (!entries.length) return { problems: ['no entries; write name:token pairs, comma-separated'] };
  entries.forEach((entry, i) => {
    const at = `entry ${i + 1}`;
    const colon = entry.indexOf(':');
    if (colon < 0) {
      problems.push(`${at} has no ":"; write name:token`);
      return;
    }
    const name = entry.slice(0, colon).trim();
    const token = entry.slice(colon + 1).trim();
    if (!AGENT_NAME.test(name)) {
      problems.push(`${at}: "${name}" is not a name (letters, digits, spaces, . ' _ -; up to 60 characters)`);
      return;
    }
    if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
      problems.push(
        `${at} (${name}): the token needs ${MIN_TOKEN_LENGTH} or more characters and no spaces (e.g. openssl rand -hex 24)`,
      );
      return;
    }
    const sameName = tokens.find((t) => t.name.toLowerCase() === name.toLowerCase());
    if (sameName) {
      problems.push(`${at} (${name}): ${sameName.name} already has a token; one token per agent`);
      return;
    }
    const sameToken = tokens.find((t) => t.token === token);
    if (sameToken) {
      problems.push(`${at} (${name}): the same token as ${sameToken.name}; each agent needs their own`);
      return;
    }
    tokens.push({ name, token });
  });
  return problems.length ? { problems } : { tokens };
}
