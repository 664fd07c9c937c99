// The triage flow model (dialogs/triage.yaml): questions with one-tap choices, outcomes, and VPN types.
import * as z from 'zod';
import { TOPICS } from './knowledge.ts';
import { answerText, sayText } from './org-facts.ts';
import { patternText } from './pattern-schema.ts';

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'ids are lower_snake_case');

/** Where a choice or an outcome leads: a node, an outcome, or `human` (hand the user to a person). */
export const HUMAN = 'human';

/** The everyday answer a choice stands for, so "yep", "nah", "I don't have one" or "no idea" can pick it. */
export const MEANINGS = ['yes', 'no', 'unsure', 'cant'] as const;
/** One everyday answer. */
export type Meaning = (typeof MEANINGS)[number];

const pattern = patternText;

const choiceSchema = z.strictObject({
  id,
  label: z.string().min(1).max(40),
  says: z.array(z.string().min(1).max(60)).default([]),
  /** Pasted command output that means this choice (case-insensitive regular expressions). */
  output: z.array(pattern).default([]),
  means: z.enum(MEANINGS).optional(),
  /** Facts the conversation records when the user gives this answer. */
  learn: z.record(id, id).default({}),
  next: id,
  set: id.optional(),
});

const nodeSchema = z.strictObject({
  ask: z.string().min(3).max(200),
  /**
   * Plain, or `{ say, otherwise }` with a whole sentence for when a placeholder (or the VPN type) is not known, or
   * `{ tap, number }` when it says how to answer (buttons, or numbered text on SMS and the terminal).
   */
  help: answerText(0, 300).optional(),
  skipWhenOneType: z.boolean().default(false),
  acceptsCode: z.boolean().default(false),
  choices: z.array(choiceSchema).min(1).max(6),
});

const outcomeSchema = z.strictObject({
  title: z.string().min(3).max(80),
  tone: z.enum(['info', 'good', 'warning', 'attention']).default('info'),
  topic: z.enum([...TOPICS, 'travel_prep']).optional(),
  /** The text and each step: plain, or `{ say, otherwise }` with a whole sentence for when a placeholder is not known. */
  text: sayText(3, 400),
  steps: z.array(sayText(3, 200)).max(5).default([]),
  askFixed: z.boolean().default(true),
  /** Instead of "did this fix it?", offer a monthly reminder to test the VPN (pre-travel advice). */
  offerReminders: z.boolean().default(false),
  ifNotFixed: id,
  /** Facts that make this advice pointless: the outcome is passed over when one of them is known. */
  skipIf: z.record(id, z.array(id).min(1)).default({}),
});

const vpnTypeSchema = z.strictObject({
  label: z.string(),
  name: z.string(),
  ports: z.string(),
  /** Names that give the type away wherever the user writes them ("AnyConnect", "IKEv2"), so it is not asked. */
  names: z.array(z.string().min(2).max(40)).default([]),
});

/** Schema of dialogs/triage.yaml. */
export const flowFileSchema = z.strictObject({
  version: z.literal(1),
  start: id,
  vpnTypes: z.record(id, vpnTypeSchema),
  nodes: z.record(id, nodeSchema),
  outcomes: z.record(id, outcomeSchema),
});

/** The loaded flow. */
export type Flow = z.infer<typeof flowFileSchema>;
/** One question of the flow. */
export type FlowNode = Flow['nodes'][string];
/** One answer to a question. */
export type FlowChoice = FlowNode['choices'][number];
/** One advice card that ends a path. */
export type FlowOutcome = Flow['outcomes'][string];
