// Collects benchmark rows and writes BENCHMARKS.md with the machine and date.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** One measured number against its bar (docs/architecture.md §6). */
export interface BenchRow {
  section: string;
  name: string;
  value: string;
  bar?: string;
  pass?: boolean;
}

/** Formats milliseconds for the table. */
export const ms = (n: number) => `${n < 0.1 ? n.toFixed(4) : n.toFixed(3)} ms`;

/** Writes the rows as a Markdown report at `file`. */
export function writeReport(file: string, rows: BenchRow[]): string {
  const cpu = cpus();
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts). Bars from docs/architecture.md §6. Numbers are from one run on the machine below;',
    'rerun on yours before comparing.',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM`,
    `- Node ${process.version} on ${process.platform}/${process.arch}`,
    '',
  ];
  for (const section of [...new Set(rows.map((r) => r.section))]) {
    lines.push(`## ${section}`, '', '| measure | result | bar | |', '|---|---|---|---|');
    for (const r of rows.filter((x) => x.section === section)) {
      const verdict = r.pass === undefined ? '' : r.pass ? 'meets' : '**misses**';
      lines.push(`| ${r.name} | ${r.value} | ${r.bar ?? ''} | ${verdict} |`);
    }
    lines.push('');
  }
  const text = lines.join('\n');
  writeFileSync(file, text);
  return text;
}
