// `npm run manifest:slack [-- --socket-mode]`: prints manifest/slack-app.yaml filled with PUBLIC_BASE_URL, or for Socket Mode.
import { ConfigError, loadConfig } from '../../config.ts';
import { settingsOf } from '../channel.ts';
import { slackManifestText } from './slack-manifest.ts';
import { slackModule } from './slack-module.ts';

/**
 * Writes the filled manifest to stdout and returns 0, or explains on stderr what to set and returns 1; Socket
 * Mode with `--socket-mode` or when SLACK_APP_TOKEN is set.
 */
export function printSlackManifest(
  args: string[] = process.argv.slice(2),
  env: Record<string, string | undefined> = process.env,
): number {
  try {
    const config = loadConfig(env);
    const socketMode = args.includes('--socket-mode') || Boolean(settingsOf(config, slackModule)?.appToken);
    if (!config.publicBaseUrl && !socketMode) {
      process.stderr.write(
        'Set PUBLIC_BASE_URL (e.g. https://vpnbot.example.com) to fill the request URLs, or add --socket-mode.\n',
      );
      return 1;
    }
    process.stdout.write(slackManifestText({ baseUrl: config.publicBaseUrl, socketMode }));
    return 0;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = printSlackManifest();
