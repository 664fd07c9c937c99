// `npm run bench`: runs every benchmark and writes BENCHMARKS.md.
import { benchInProcess } from './in-process.ts';
import { type BenchRow, writeReport } from './report.ts';
import { benchSlack } from './slack.ts';
import { benchStartupAndStorage } from './startup-and-storage.ts';
import { benchTeams } from './teams.ts';

const rows: BenchRow[] = [
  ...(await benchInProcess()),
  ...(await benchStartupAndStorage()),
  ...(await benchSlack()),
  ...(await benchTeams()),
];
process.stdout.write(`${writeReport('BENCHMARKS.md', rows)}\n`);
