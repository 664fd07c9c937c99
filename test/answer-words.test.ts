// The words that pick an answer, as the reader sees them: none reads as nothing, and no two answers to one question
// share a phrase (an admin adding "updated" to "Yes, it's current" while "update" picks "Needs an update" is caught).
import { describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/load-content.ts';
import { PROMPTS, type Prompt } from '../src/core/answer-words.ts';
import { promptChoices } from '../src/core/engine-cards.ts';
import type { AnswerChoice } from '../src/core/engine-context.ts';
import { answerStems, BREAK } from '../src/nlu/answer-text.ts';

const content = loadContent();
const labels = { phrases: content.phrases, answers: content.answers, org: { vpnTypes: [] } };
const questions: [string, readonly AnswerChoice[]][] = [
  ...Object.entries(content.flow.nodes).map(
    ([name, node]) => [name, node.choices] as [string, AnswerChoice[]],
  ),
  ...(Object.keys(PROMPTS) as Prompt[]).map((p) => [p, promptChoices(p, labels)] as [string, AnswerChoice[]]),
];
const read = (phrase: string) =>
  answerStems(phrase)
    .filter((s) => s !== BREAK)
    .join(' ');

describe('the words that pick each answer', () => {
  it.each(questions)('at %s, every phrase means something and belongs to one answer', (_name, choices) => {
    const owner = new Map<string, string>();
    const problems: string[] = [];
    for (const c of choices)
      for (const phrase of [c.label, ...c.says].filter(Boolean)) {
        const key = read(phrase);
        if (!key) problems.push(`"${phrase}" (${c.id}) reads as nothing`);
        const other = owner.get(key);
        if (key && other && other !== c.id)
          problems.push(`"${phrase}" reads like a phrase of ${other}, not only ${c.id}`);
        owner.set(key, c.id);
      }
    expect(problems).toEqual([]);
  });

  it.each(Object.entries(content.answers.meanings))(
    'every everyday "%s" phrase means something',
    (_m, list) => {
      expect(list.filter((p) => !read(p))).toEqual([]);
    },
  );
});
