// The words typed answers are read with (dialogs/answers.yaml): everyday yes/no/unsure/can't, negations, and the
// words of the bot's own follow-up questions.
import * as z from 'zod';
import { MEANINGS, type Meaning } from './flow.ts';

const phrase = z.string().min(1).max(60);
const promptChoice = z.strictObject({
  means: z.enum(MEANINGS).optional(),
  says: z.array(phrase).default([]),
});

/** The follow-up questions the engine asks itself, and the ids of their answers. */
export const PROMPTS = {
  followup: ['fixed', 'not_fixed', 'human'],
  reminders: ['remind', 'no_thanks', 'human'],
  no_code: ['human', 'restart'],
  handoff: ['cancel', 'message'],
} as const;
/** One of the engine's own follow-up questions. */
export type Prompt = keyof typeof PROMPTS;

const promptSchema = (ids: readonly string[]) =>
  z.strictObject(
    Object.fromEntries(ids.map((id) => [id, promptChoice])) as Record<string, typeof promptChoice>,
  );

/** Schema of dialogs/answers.yaml. */
export const answersFileSchema = z.strictObject({
  version: z.literal(1),
  meanings: z.strictObject({
    yes: z.array(phrase).min(1),
    no: z.array(phrase).min(1),
    unsure: z.array(phrase).min(1),
    cant: z.array(phrase).min(1),
  }),
  negations: z.array(phrase).min(1),
  prompts: z.strictObject({
    followup: promptSchema(PROMPTS.followup),
    reminders: promptSchema(PROMPTS.reminders),
    no_code: promptSchema(PROMPTS.no_code),
    handoff: promptSchema(PROMPTS.handoff),
  }),
  commands: z.strictObject({ restart: z.array(phrase).min(1), help: z.array(phrase).min(1) }),
});

/** The loaded answer words. */
export type AnswerWords = z.infer<typeof answersFileSchema>;
/** What one follow-up answer is recognised by. */
export type PromptChoice = { means?: Meaning; says: string[] };
