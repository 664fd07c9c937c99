// The Slack app manifest (manifest/slack-app.yaml), filled with this deployment's public address or made Socket Mode.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

/** The shipped manifest file. */
export const SLACK_MANIFEST_FILE = fileURLToPath(
  new URL('../../../manifest/slack-app.yaml', import.meta.url),
);

/** The placeholder base address the shipped manifest's request URLs use. */
export const MANIFEST_PLACEHOLDER_BASE = 'https://vpnbot.example.com';

const URL_PATHS = [
  ['settings', 'event_subscriptions', 'request_url'],
  ['settings', 'interactivity', 'request_url'],
] as const;

/**
 * The manifest text with every request URL moved to `baseUrl` (PUBLIC_BASE_URL, no trailing slash); with
 * `socketMode`, Socket Mode on and no request URLs at all (Slack then delivers over the socket).
 */
export function slackManifestText(
  opts: { baseUrl?: string; socketMode?: boolean; file?: string } = {},
): string {
  const text = readFileSync(opts.file ?? SLACK_MANIFEST_FILE, 'utf8');
  const base = opts.baseUrl?.replace(/\/+$/, '');
  const filled = base ? text.split(`${MANIFEST_PLACEHOLDER_BASE}/`).join(`${base}/`) : text;
  if (!opts.socketMode) return filled;
  const doc = parseDocument(filled);
  for (const path of URL_PATHS) doc.deleteIn([...path]);
  const commands = doc.getIn(['features', 'slash_commands']);
  if (commands && typeof commands === 'object' && 'items' in commands && Array.isArray(commands.items)) {
    for (const [i] of commands.items.entries()) doc.deleteIn(['features', 'slash_commands', i, 'url']);
  }
  doc.setIn(['settings', 'socket_mode_enabled'], true);
  return doc.toString({ lineWidth: 0 });
}
