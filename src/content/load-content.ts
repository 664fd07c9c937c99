// Loads every content file the bot runs on, once, collecting the problems of all of them.
import { join } from 'node:path';
import type { AnswerWords } from '../core/answer-words.ts';
import type { Flow } from '../core/flow.ts';
import type { Entry } from '../core/knowledge.ts';
import type { Phrases } from '../core/phrases.ts';
import type { StepRules } from '../core/step-rules.ts';
import { loadAnswers } from './load-answers.ts';
import { loadFlow } from './load-flow.ts';
import { loadKnowledge } from './load-knowledge.ts';
import { loadPhrases } from './load-phrases.ts';
import { loadStepRules } from './load-step-rules.ts';
import { ContentError } from './load-yaml.ts';

/** All content, checked. */
export interface Content {
  entries: Entry[];
  phrases: Phrases;
  flow: Flow;
  answers: AnswerWords;
  stepRules: StepRules;
}

/** Where each content file lives; defaults to the files shipped with the bot. */
export interface ContentFiles {
  knowledge?: string;
  phrases?: string;
  flow?: string;
  answers?: string;
  stepRules?: string;
}

/** The content files inside a folder laid out like the repository (knowledge/, dialogs/, cards/). */
export function contentFilesIn(dir: string | undefined): ContentFiles {
  if (!dir) return {};
  return {
    knowledge: join(dir, 'knowledge', 'error-codes.yaml'),
    flow: join(dir, 'dialogs', 'triage.yaml'),
    answers: join(dir, 'dialogs', 'answers.yaml'),
    phrases: join(dir, 'cards', 'phrases.yaml'),
    stepRules: join(dir, 'dialogs', 'facts.yaml'),
  };
}

/** Loads all content; throws one ContentError listing the problems of every file. */
export function loadContent(files: ContentFiles = {}): Content {
  const problems: ContentError['problems'] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (err) {
      if (err instanceof ContentError) problems.push(...err.problems);
      else throw err;
      return undefined;
    }
  };
  const entries = attempt(() => loadKnowledge(files.knowledge));
  const phrases = attempt(() => loadPhrases(files.phrases));
  const flow = attempt(() => loadFlow(files.flow));
  const answers = attempt(() => loadAnswers(files.answers));
  const stepRules = attempt(() => loadStepRules(files.stepRules));
  if (problems.length || !entries || !phrases || !flow || !answers || !stepRules) {
    throw new ContentError(problems);
  }
  return { entries, phrases, flow, answers, stepRules };
}
