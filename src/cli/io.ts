// The output seam every CLI command writes through, so tests can capture it.

/** Where a command writes: `out` for results, `err` for messages to the person. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** The process's own stdout/stderr. */
export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};
