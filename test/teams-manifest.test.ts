// The Teams app package: manifest valid against the official schema (copied into the repo), icons, zip contents.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { colorIcon, outlineIcon } from '../scripts/teams-icons.ts';
import {
  buildAppPackage,
  fillManifest,
  PackageConfigError,
  packageOptionsFrom,
  readManifestTemplate,
  TEAMS_MANIFEST_DIR,
  TEMPLATE_ID,
} from '../src/channels/teams/app-package.ts';
import { VPNCODE_COMMAND } from '../src/channels/teams/message-extension.ts';
import { must } from './helpers/teams-cards.ts';

type Json = Record<string, unknown>;

const schema = JSON.parse(
  readFileSync(join(TEAMS_MANIFEST_DIR, 'schema', 'MicrosoftTeams.schema.json'), 'utf8'),
) as Json;
const opts = {
  botId: '11111111-2222-3333-4444-555555555555',
  appId: '11111111-2222-3333-4444-555555555555',
  publicBaseUrl: 'https://vpn.contoso.com',
  version: '1.2.3',
};

/**
 * The schema declares JSON Schema draft-04 but uses no keyword whose meaning changed since (no `id`, no
 * boolean exclusiveMinimum/Maximum — asserted below), so ajv's default dialect validates it faithfully.
 */
function ajvProblems(manifest: unknown): string[] {
  const { $schema: _dialect, ...body } = schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const addFormats = addFormatsModule as unknown as (a: Ajv, f: string[]) => void;
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(body);
  return validate(manifest) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

function draft04OnlyKeywords(node: unknown, inNames = false): string[] {
  if (Array.isArray(node)) return node.flatMap((n) => draft04OnlyKeywords(n));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => {
    const own =
      !inNames && (key === 'id' || (/^exclusiveM(in|ax)imum$/.test(key) && typeof value === 'boolean'))
        ? [key]
        : [];
    return [
      ...own,
      ...draft04OnlyKeywords(
        value,
        ['properties', 'definitions', 'patternProperties', 'dependencies'].includes(key),
      ),
    ];
  });
}

async function allProblems(manifest: Json): Promise<string[]> {
  const official = await AppManifestUtils.validateAgainstSchema(manifest as never, schema as never);
  return [...ajvProblems(manifest), ...official];
}

describe('Teams manifest', () => {
  it('uses the schema it names, and that schema is one ajv reads exactly', () => {
    const template = readManifestTemplate();
    expect(template.manifestVersion).toBe('1.30');
    expect(String(template.$schema)).toMatch(/\/teams\/v1\.30\/MicrosoftTeams\.schema\.json$/);
    expect((schema.properties as Json).manifestVersion).toMatchObject({ const: '1.30' });
    expect(draft04OnlyKeywords(schema)).toEqual([]);
  });

  it('validates as committed and as filled for a deployment', async () => {
    expect(await allProblems(readManifestTemplate())).toEqual([]);
    expect(await allProblems(fillManifest(readManifestTemplate(), opts))).toEqual([]);
  });

  it('catches a broken manifest (the validators are really checking)', async () => {
    const broken = fillManifest(readManifestTemplate(), opts);
    must((broken.bots as Json[])[0]).scopes = ['everywhere'];
    delete broken.icons;
    expect(ajvProblems(broken).length).toBeGreaterThan(0);
    expect(
      (await AppManifestUtils.validateAgainstSchema(broken as never, schema as never)).length,
    ).toBeGreaterThan(0);
  });

  it('offers the bot in every scope with a non-empty command list, and the vpncode search', () => {
    const manifest = readManifestTemplate();
    const [bot] = manifest.bots as {
      scopes: string[];
      commandLists: { scopes: string[]; commands: { title: string }[] }[];
    }[];
    expect(must(bot).scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const scope of must(bot).scopes) {
      const list = must(bot).commandLists.find((l) => l.scopes.includes(scope));
      expect(list?.commands.map((c) => c.title)).toEqual(['vpncode', 'help', 'start over']);
    }
    const [extension] = manifest.composeExtensions as {
      commands: { id: string; type: string; parameters: unknown[] }[];
    }[];
    expect(must(extension).commands[0]).toMatchObject({ id: VPNCODE_COMMAND, type: 'query' });
  });

  it('fills ids, version and domain from the deployment and keeps the rest', () => {
    const filled = fillManifest(readManifestTemplate(), opts);
    const text = JSON.stringify(filled);
    expect(text).not.toContain(TEMPLATE_ID);
    expect(text).not.toContain('example.com');
    expect(filled.id).toBe(opts.appId);
    expect(filled.version).toBe('1.2.3');
    expect(must((filled.bots as Json[])[0]).botId).toBe(opts.botId);
    expect(must((filled.composeExtensions as Json[])[0]).botId).toBe(opts.botId);
    expect(filled.validDomains).toEqual(['vpn.contoso.com']);
    expect((filled.developer as Json).websiteUrl).toBe('https://vpn.contoso.com');
  });
});

describe('Teams icons', () => {
  const read = (name: string) => PNG.sync.read(readFileSync(join(TEAMS_MANIFEST_DIR, name)));

  it('has a 192×192 colour icon and a 32×32 outline icon, white on transparent', () => {
    const color = read('color.png');
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = read('outline.png');
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let visible = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      if (outline.data[i + 3] === 0) continue;
      visible++;
      expect([outline.data[i], outline.data[i + 1], outline.data[i + 2]]).toEqual([255, 255, 255]);
    }
    expect(visible).toBeGreaterThan(50);
    expect(visible).toBeLessThan(32 * 32);
  });

  it('are the ones scripts/teams-icons.ts draws', () => {
    expect(readFileSync(join(TEAMS_MANIFEST_DIR, 'color.png')).equals(colorIcon())).toBe(true);
    expect(readFileSync(join(TEAMS_MANIFEST_DIR, 'outline.png')).equals(outlineIcon())).toBe(true);
  });
});

describe('Teams app package', () => {
  it('zips the filled manifest and both icons at the root', async () => {
    const zip = await JSZip.loadAsync(await buildAppPackage(opts));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await must(zip.file('manifest.json')).async('string')) as Json;
    expect(manifest.id).toBe(opts.appId);
    expect(await allProblems(manifest)).toEqual([]);
    const outline = PNG.sync.read(await must(zip.file('outline.png')).async('nodebuffer'));
    expect(outline.width).toBe(32);
  });

  it('says what to set when the environment cannot make one', () => {
    expect(() => packageOptionsFrom({}, '1.0.0')).toThrow(PackageConfigError);
    expect(() => packageOptionsFrom({}, '1.0.0')).toThrow(/MicrosoftAppId[\s\S]*PUBLIC_BASE_URL/);
    expect(() =>
      packageOptionsFrom({ MicrosoftAppId: opts.botId, PUBLIC_BASE_URL: 'http://vpn.contoso.com' }, '1.0.0'),
    ).toThrow(/PUBLIC_BASE_URL/);
    expect(
      packageOptionsFrom(
        { MicrosoftAppId: opts.botId, PUBLIC_BASE_URL: 'https://vpn.contoso.com/' },
        '1.0.0',
      ),
    ).toEqual({ ...opts, version: '1.0.0' });
  });
});
