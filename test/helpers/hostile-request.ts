// One hostile or malformed HTTP request as a table row, sent on its own connection, and what its answer may never show.
import { request } from 'node:http';
import { expect } from 'vitest';

/** The class of answer a row expects: a 2xx (a polite answer), a 4xx (a refusal), or either where both are right. */
export type AnswerClass = '2xx' | '4xx' | '2xx or 4xx';

/** One row: what the caller does, the request, and the answer it should get. */
export interface HostileRow {
  say: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** A string or bytes as they are; anything else is sent as JSON. */
  body?: unknown;
  answer: AnswerClass;
  /** What the answer must contain (the polite words, the refusal's reason). */
  says?: RegExp;
  /** What the answer must never contain (injected markup coming back as markup). */
  never?: RegExp;
}

/** Each row with its test name: the method, the path (cut at 60 characters) and what the caller does. */
export function named(rows: readonly HostileRow[]): [string, HostileRow][] {
  return rows.map((row) => {
    const path = row.path.length > 60 ? `${row.path.slice(0, 60)}…` : row.path;
    return [`${row.method} ${path}: ${row.say}`, row];
  });
}

/** What came back. */
export interface RawAnswer {
  status: number;
  contentType?: string;
  text: string;
}

const bytesOf = (body: unknown): Buffer | undefined =>
  body === undefined
    ? undefined
    : Buffer.isBuffer(body)
      ? body
      : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));

/**
 * Sends `row` to `baseUrl` on a fresh connection (a server that refuses a huge body early may close it) and reads
 * the whole answer; a connection the server cut before answering rejects.
 */
export function send(baseUrl: string, row: HostileRow): Promise<RawAnswer> {
  const body = bytesOf(row.body);
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        method: row.method,
        path: row.path,
        agent: false,
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...row.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'],
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    // Writing a huge body the server already refused may fail; the answer it sent is what counts.
    req.on('error', reject);
    req.end(body);
  });
}

/** Signs of internals in an answer: a stack frame, a source file and line, node_modules, a file path, an error's class. */
const INTERNALS: RegExp[] = [
  /\bat \S+ \(/,
  /\.(?:ts|[cm]?js):\d+/,
  /node_modules/,
  /\/(?:work|home|srv|usr|tmp)\//,
  /\b[A-Z]\w*Error\b:/,
];

/** Checks an answer against its row: never a 5xx, the expected class, no internals, then `says` and `never`. */
export function expectAnswer(row: HostileRow, answer: RawAnswer): void {
  const shown = `${answer.status} ${answer.text.slice(0, 300)}`;
  expect(answer.status, shown).toBeLessThan(500);
  expect(row.answer.split(' or '), shown).toContain(`${Math.floor(answer.status / 100)}xx`);
  for (const internal of INTERNALS) expect(answer.text, shown).not.toMatch(internal);
  if (row.says) expect(answer.text, shown).toMatch(row.says);
  if (row.never) expect(answer.text, shown).not.toMatch(row.never);
}
