// `npm run package:teams`: fills the Teams manifest from MicrosoftAppId and PUBLIC_BASE_URL and writes build/vpnbot-teams.zip.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildAppPackage,
  fillManifest,
  PackageConfigError,
  packageOptionsFrom,
  readManifestTemplate,
  TEAMS_MANIFEST_DIR,
} from '../src/channels/teams/app-package.ts';

const root = join(import.meta.dirname, '..');
const out = join(root, 'build', 'vpnbot-teams.zip');

/** Checks the filled manifest against the schema copied into the repo; undefined when the dev tools are not installed. */
async function schemaProblems(manifest: Record<string, unknown>): Promise<string[] | undefined> {
  let tools: typeof import('@microsoft/app-manifest');
  try {
    tools = await import('@microsoft/app-manifest');
  } catch {
    return undefined; // a production install without dev dependencies: package without the check
  }
  const schemaFile = join(TEAMS_MANIFEST_DIR, 'schema', 'MicrosoftTeams.schema.json');
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
  return tools.AppManifestUtils.validateAgainstSchema(manifest as never, schema);
}

try {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const opts = packageOptionsFrom(process.env, version);
  const problems = await schemaProblems(fillManifest(readManifestTemplate(), opts));
  if (problems?.length) {
    process.stderr.write(
      `manifest/teams/manifest.json does not match the Teams schema:\n  ${problems.join('\n  ')}\n`,
    );
    process.exit(1);
  }
  mkdirSync(join(root, 'build'), { recursive: true });
  writeFileSync(out, await buildAppPackage(opts));
  process.stdout.write(
    `wrote ${out} (Teams app ${opts.appId}, bot ${opts.botId}, ${opts.publicBaseUrl})${problems ? ', schema-checked' : ''}\n` +
      'Upload it in Teams: Apps > Manage your apps > Upload an app (or the Teams admin center).\n',
  );
} catch (err) {
  if (!(err instanceof PackageConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
