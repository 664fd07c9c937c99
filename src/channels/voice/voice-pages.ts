// Cuts a spoken turn into prompts the ear can take: each at most MAX_SPOKEN_WORDS, the question always whole.
import type { Phrases } from '../../core/phrases.ts';
import {
  fitSentences,
  MAX_SPOKEN_WORDS,
  type SpokenQuestion,
  type SpokenTurn,
  wordCount,
} from '../../render/spoken.ts';
import type { Prompt } from './call-state.ts';
import { choicesAloud, voiceSay } from './voice-texts.ts';

/** The commands every prompt listens for, as hints to the recogniser. */
const COMMAND_HINTS = ['repeat', 'start over', 'agent', 'next', 'steps', 'text me', 'skip', 'yes', 'no'];

const words = (sentences: readonly string[]) => sentences.reduce((n, s) => n + wordCount(s), 0);

/** One prompt of `sentences` as said: each a sentence, all in one <Say>. */
const joined = (sentences: readonly string[]) => [sentences.filter(Boolean).join(' ')];

/**
 * The prompt that asks `question`, after `preface` (and before `extra`) when they fit: the help is left out first,
 * then the choices are said the short way ("Press 1 for …"), then `extra`, then `preface`. Without a question, the
 * preface alone is said and any words are listened for.
 */
export function questionPrompt(
  phrases: Phrases,
  question: SpokenQuestion | undefined,
  preface: readonly string[] = [],
  extra: readonly string[] = [],
): Prompt {
  if (!question) {
    const said = fitSentences([...preface, ...extra], MAX_SPOKEN_WORDS);
    return { say: joined(said), mode: 'open', hints: COMMAND_HINTS };
  }
  const { ask, help, choices } = question;
  const tries: string[][] = [];
  for (const pre of [preface, []])
    for (const ext of [extra, []])
      for (const withHelp of [true, false])
        for (const many of [choices.length > 3, true])
          tries.push([
            ...pre,
            ask,
            ...(withHelp && help ? [help] : []),
            choicesAloud(phrases, choices, many),
            ...ext,
          ]);
  const said = tries.find((t) => words(t) <= MAX_SPOKEN_WORDS) ?? tries.at(-1) ?? [ask];
  const bare = preface.length ? questionPrompt(phrases, question).say : undefined;
  return {
    say: joined(said),
    ...(bare ? { again: bare } : {}),
    mode: 'question',
    keys: choices.length,
    hints: [...choices, ...COMMAND_HINTS],
    ...(question.node ? { node: question.node } : {}),
  };
}

/** How one turn is said: the first prompt, and what stays for later (steps, the question after them). */
export interface Paged {
  prompt: Prompt;
  steps?: string[];
  after?: SpokenQuestion;
}

/** The offer made when an answer has steps: hear them (1), have them texted when `canText` (2), or skip them (3). */
export function offerPrompt(
  phrases: Phrases,
  count: number,
  canText: boolean,
  preface: readonly string[] = [],
): Prompt {
  const offer = [
    count === 1 ? voiceSay(phrases, 'voice.stepOffer') : voiceSay(phrases, 'voice.stepsOffer', { count }),
    ...(canText ? [voiceSay(phrases, 'voice.textOffer')] : []),
    voiceSay(phrases, 'voice.skipOffer'),
  ];
  const said = [...fitSentences(preface, MAX_SPOKEN_WORDS - words(offer)), ...offer];
  return { say: joined(said), mode: 'offer', keys: 3, hints: COMMAND_HINTS };
}

/**
 * `prompt` said after `sentence` ("Sorry, I didn't hear anything."); when both are too long, the sentence and the
 * question alone; failing that, the prompt as it was.
 */
export function withPreface(prompt: Prompt, sentence: string): Prompt {
  for (const said of [
    [sentence, ...prompt.say],
    [sentence, ...(prompt.again ?? [])],
  ])
    if (said.length > 1 && words(said) <= MAX_SPOKEN_WORDS) return { ...prompt, say: joined(said) };
  return prompt;
}

/**
 * Pages one turn. Advice with steps is said as its lead and the offer of `offerPrompt`; the question waits in
 * `after`. A lead too long to share a prompt with the offer or the question is said first (cut to whole sentences)
 * with "say next" to go on. Otherwise the lead and the question share one prompt.
 */
export function pageTurn(
  phrases: Phrases,
  spoken: SpokenTurn,
  preface: readonly string[],
  canText: boolean,
): Paged {
  const lead = [...preface, ...spoken.lead];
  const goOn = [voiceSay(phrases, 'voice.goOn')];
  const more = (): Paged => ({
    prompt: {
      say: joined([...fitSentences(lead, MAX_SPOKEN_WORDS - words(goOn)), ...goOn]),
      mode: 'more',
      keys: 1,
      hints: COMMAND_HINTS,
    },
    steps: spoken.steps.length ? spoken.steps : undefined,
    after: spoken.question,
  });
  if (spoken.steps.length) {
    const offer = offerPrompt(phrases, spoken.steps.length, canText, lead);
    if (offer.say[0]?.startsWith(lead.join(' ')))
      return { prompt: offer, steps: spoken.steps, after: spoken.question };
    return more();
  }
  const together = questionPrompt(phrases, spoken.question, lead);
  if (together.say.join(' ').startsWith(lead.join(' '))) return { prompt: together };
  if (!spoken.question) return { prompt: questionPrompt(phrases, undefined, lead) };
  return more();
}

/** The prompt reading step `at` (0-based) of `steps`, cut to fit, with how to go on ("next step", or on after the last). */
export function stepPrompt(phrases: Phrases, steps: readonly string[], at: number): Prompt {
  const last = at >= steps.length - 1;
  const next = [voiceSay(phrases, last ? 'voice.goOn' : 'voice.stepNext')];
  const head =
    steps.length > 1
      ? voiceSay(phrases, 'voice.step', { n: at + 1, count: steps.length, text: '' }).trim()
      : '';
  const body = fitSentences([steps[at] ?? ''], MAX_SPOKEN_WORDS - words(next) - wordCount(head));
  return { say: joined([head, ...body, ...next]), mode: 'step', keys: 3, hints: COMMAND_HINTS };
}
