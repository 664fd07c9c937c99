// The Teams app package: the manifest template filled with this deployment's ids, zipped with its two icons.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';

/** Where the manifest template, icons and copied schema live. */
export const TEAMS_MANIFEST_DIR = join(import.meta.dirname, '..', '..', '..', 'manifest', 'teams');

/** The placeholder id and address the committed template carries until packaging fills them. */
export const TEMPLATE_ID = '00000000-0000-0000-0000-000000000000';
const TEMPLATE_BASE = 'https://vpnbot.example.com';
const TEMPLATE_DOMAIN = 'vpnbot.example.com';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a package is made for: the bot's app id, the Teams app id (defaults to the bot's), the public https address, the version. */
export interface PackageOptions {
  botId: string;
  appId: string;
  publicBaseUrl: string;
  version: string;
}

type Json = Record<string, unknown>;

/** Thrown when the environment can't make a package; the message says what to set. */
export class PackageConfigError extends Error {
  override name = 'PackageConfigError';
}

/** Reads MicrosoftAppId, TEAMS_APP_ID (optional) and PUBLIC_BASE_URL, or throws naming what is missing. */
export function packageOptionsFrom(env: Record<string, string | undefined>, version: string): PackageOptions {
  const problems: string[] = [];
  const botId = env.MicrosoftAppId?.trim() ?? '';
  const appId = env.TEAMS_APP_ID?.trim() || botId;
  const base = env.PUBLIC_BASE_URL?.trim().replace(/\/+$/, '') ?? '';
  if (!GUID.test(botId))
    problems.push("  MicrosoftAppId: the bot's Microsoft App ID (a GUID) from its Azure Bot resource");
  if (appId !== botId && !GUID.test(appId))
    problems.push('  TEAMS_APP_ID: a GUID, or leave it unset to use MicrosoftAppId');
  let url: URL | undefined;
  try {
    url = new URL(base);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:' || url.pathname !== '/' || url.search || url.hash)
    problems.push(
      '  PUBLIC_BASE_URL: the https address Teams reaches the bot at, e.g. https://vpnbot.example.com',
    );
  if (problems.length)
    throw new PackageConfigError(`Cannot build the Teams app package; set:\n${problems.join('\n')}`);
  return { botId, appId, publicBaseUrl: base, version };
}

/** Reads the committed manifest template. */
export function readManifestTemplate(dir = TEAMS_MANIFEST_DIR): Json {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Json;
}

/**
 * The template with this deployment's values: app id, bot id (bot and message extension), version, the
 * placeholder address replaced by PUBLIC_BASE_URL and its host as the valid domain. Anything an admin edited
 * in the template (names, descriptions, own privacy pages) is kept.
 */
export function fillManifest(template: Json, opts: PackageOptions): Json {
  const host = new URL(opts.publicBaseUrl).host;
  const text = JSON.stringify(template)
    .replaceAll(TEMPLATE_BASE, opts.publicBaseUrl)
    .replaceAll(`"${TEMPLATE_DOMAIN}"`, JSON.stringify(host));
  const manifest = JSON.parse(text) as Json;
  manifest.id = opts.appId;
  manifest.version = opts.version;
  for (const bot of (manifest.bots ?? []) as Json[]) bot.botId = opts.botId;
  for (const ext of (manifest.composeExtensions ?? []) as Json[]) ext.botId = opts.botId;
  const domains = new Set([...((manifest.validDomains ?? []) as string[]), host]);
  manifest.validDomains = [...domains];
  return manifest;
}

/** The zipped app package (manifest.json, color.png, outline.png at its root) for upload to Teams. */
export async function buildAppPackage(opts: PackageOptions, dir = TEAMS_MANIFEST_DIR): Promise<Buffer> {
  const manifest = fillManifest(readManifestTemplate(dir), opts);
  const icons = manifest.icons as { color: string; outline: string };
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  zip.file(icons.color, readFileSync(join(dir, icons.color)));
  zip.file(icons.outline, readFileSync(join(dir, icons.outline)));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
