// Reads button payloads back into ActionData: whatever a client posts is untrusted until it passes this schema.
import * as z from 'zod';
import type { ActionData } from '../core/card.ts';

const id = z.string().min(1).max(200);

/** The exact shapes of ActionData; anything else (extra keys, wrong types, huge strings) is rejected. */
export const actionDataSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('choice'),
    node: id,
    choice: id,
    turn: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31),
  }),
  z.strictObject({ type: z.literal('command'), command: id, arg: z.string().max(1000).optional() }),
]);

/** The ActionData in `value`, or undefined when it is not exactly one. */
export function parseActionData(value: unknown): ActionData | undefined {
  const parsed = actionDataSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const data = parsed.data;
  if (data.type === 'choice')
    return { type: 'choice', node: data.node, choice: data.choice, turn: data.turn };
  return data.arg === undefined
    ? { type: 'command', command: data.command }
    : { type: 'command', command: data.command, arg: data.arg };
}

/** Parses JSON text of at most `maxLength` characters, or undefined when it is not valid JSON. */
export function parseJsonSafely(text: string, maxLength: number): unknown {
  if (text.length > maxLength) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
