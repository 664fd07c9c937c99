// Reads a YAML content file and checks it against a zod schema, reporting problems as "file:line: message".
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import type * as Yaml from 'yaml';
import type * as z from 'zod';

/** A content problem, located in its file. */
export interface ContentProblem {
  file: string;
  line: number;
  message: string;
}

/** Thrown when a content file cannot be used; its message lists every problem with file and line. */
export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
    this.name = 'ContentError';
  }
}

/** The parsed document plus a way to find the line of any path in it, for checks beyond the schema. */
export interface LoadedYaml<T> {
  file: string;
  data: T;
  lineOf(path: readonly PropertyKey[]): number;
}

/** A YAML document with its line positions, parsed only when a problem has to be located. */
interface LocatedDocument {
  doc: Yaml.Document;
  lineAt(offset: number | undefined): number;
}

const locate = (text: string): LocatedDocument => {
  const { LineCounter, parseDocument } = createRequire(import.meta.url)('yaml') as typeof Yaml;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  return {
    doc,
    lineAt: (offset) => (offset === undefined ? 1 : lineCounter.linePos(offset).line),
  };
};

/** The value of `text` read quickly (js-yaml, YAML 1.2 core schema), or undefined when it does not read cleanly. */
function quickValue(text: string): { value: unknown } | undefined {
  try {
    return { value: load(text, { schema: CORE_SCHEMA }) };
  } catch {
    return undefined;
  }
}

/**
 * Parses `text` (named `file` in messages) and validates it; throws ContentError listing every problem. Content that
 * reads cleanly is parsed once by the quick parser; the full document, which knows every node's line, is built
 * only to report a problem or when `lineOf` is first called.
 */
export function parseYamlContent<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
): LoadedYaml<z.output<S>> {
  const name = relative(process.cwd(), file) || file;
  let located: LocatedDocument | undefined;
  const document = (): LocatedDocument => {
    located ??= locate(text);
    return located;
  };
  const quick = quickValue(text);
  if (!quick) {
    const { doc, lineAt } = document();
    const problems: ContentProblem[] = [...doc.errors, ...doc.warnings].map((e) => ({
      file: name,
      line: lineAt(e.pos[0]),
      message: e.message.split('\n')[0] ?? e.message,
    }));
    if (problems.length) throw new ContentError(problems);
  }

  const lineOf = (path: readonly PropertyKey[]): number => {
    const { doc, lineAt } = document();
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true);
      if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range))
        return lineAt(node.range[0] as number);
    }
    return 1;
  };
  const result = schema.safeParse(quick ? quick.value : document().doc.toJS());
  if (!result.success) {
    throw new ContentError(
      result.error.issues.map((issue) => ({
        file: name,
        line: lineOf(issue.path),
        message: `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
      })),
    );
  }
  return { file: name, data: result.data, lineOf };
}

/** Reads and validates a YAML file from disk. */
export function loadYamlFile<S extends z.ZodType>(file: string, schema: S): LoadedYaml<z.output<S>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ContentError([{ file, line: 1, message: `cannot read file (${(err as Error).message})` }]);
  }
  return parseYamlContent(file, text, schema);
}
