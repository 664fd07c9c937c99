// `vpnbot validate`: checks every content file; problems are printed as "file:line: message".
import { loadConfig } from '../config.ts';
import { contentFilesIn, loadContent } from '../content/load-content.ts';
import { ContentError } from '../content/load-yaml.ts';
import type { CliIo } from './io.ts';

/** Runs the checks on the shipped content, or on `--dir DIR` / CONTENT_DIR; 0 when valid, 1 with every problem listed. */
export async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const flag = args.indexOf('--dir');
  const dir = flag >= 0 ? args[flag + 1] : loadConfig().contentDir;
  try {
    const content = loadContent(contentFilesIn(dir));
    io.out(
      `ok: ${content.entries.length} error-code entries, ${Object.keys(content.flow.nodes).length} questions, ${Object.keys(content.flow.outcomes).length} outcomes, ${Object.keys(content.phrases).length} phrases`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof ContentError)) throw err;
    io.err(err.message);
    io.err(`${err.problems.length} problem(s) found.`);
    return 1;
  }
}
