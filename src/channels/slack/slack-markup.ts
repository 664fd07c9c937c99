// Reads Slack's message markup into the plain text the engine expects, and checks the ids the bot puts in mrkdwn.

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&' };

/**
 * Plain text for what a person typed in Slack: `<@U1|ann>` → `@ann`, `<#C1|vpn>` → `#vpn`, `<!here>` → `@here`,
 * `<https://x|label>` → `label`, then `&lt; &gt; &amp;` → `< > &`. The result is untrusted plain text, never markup.
 */
export function fromSlackText(text: string): string {
  const readable = text.replace(/<([^<>]*)>/g, (_, inner: string) => {
    const bar = inner.indexOf('|');
    const target = bar >= 0 ? inner.slice(0, bar) : inner;
    const label = bar >= 0 ? inner.slice(bar + 1) : '';
    if (target.startsWith('!date')) return label;
    const sigil = target.startsWith('@') || target.startsWith('!') ? '@' : target.startsWith('#') ? '#' : '';
    if (label) return sigil + label.replace(/^[@#]/, '');
    if (!sigil) return target;
    return sigil + target.slice(1).replace(/\^.*$/, '');
  });
  return readable.replace(/&(lt|gt|amp);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** `text` without mentions of the user `botUserId` (the `@vpnbot` in an app_mention), trimmed. */
export function withoutMention(text: string, botUserId: string | undefined): string {
  const mention = botUserId ? new RegExp(`<@${escapeRegExp(botUserId)}(\\|[^>]*)?>`, 'g') : /^\s*<@[^>]+>/;
  return text.replace(mention, '').replace(/ {2,}/g, ' ').trim();
}

/** True for a Slack user id (`U…`/`W…`), the only thing the bot ever puts between `<@` and `>`. */
export function isSlackUserId(id: unknown): id is string {
  return typeof id === 'string' && /^[UW][A-Z0-9]{2,30}$/.test(id);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
