// Loads every content file the bot runs on, once, collecting the problems of all of them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnswerWords } from '../core/answer-words.ts';
import type { Flow } from '../core/flow.ts';
import type { Entry } from '../core/knowledge.ts';
import type { Phrases } from '../core/phrases.ts';
import type { StepRules } from '../core/step-rules.ts';
import { type ContentSnapshot, contentKey } from './content-snapshot.ts';
import { DEFAULT_ANSWERS_FILE, loadAnswers } from './load-answers.ts';
import { DEFAULT_FLOW_FILE, loadFlow } from './load-flow.ts';
import { DEFAULT_KNOWLEDGE_FILE, loadKnowledge } from './load-knowledge.ts';
import { DEFAULT_PHRASES_FILE, loadPhrases } from './load-phrases.ts';
import { DEFAULT_STEP_RULES_FILE, loadStepRules } from './load-step-rules.ts';
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

/** Whether a snapshot's value has the shape of checked content. */
const isContent = (v: unknown): v is Content => {
  const c = v as Partial<Content> | undefined;
  return (
    Array.isArray(c?.entries) &&
    typeof c?.phrases === 'object' &&
    typeof c?.flow === 'object' &&
    typeof c?.answers === 'object' &&
    typeof c?.stepRules === 'object'
  );
};

/** The key of the content files' text (content-snapshot.ts), or undefined when one of them cannot be read. */
export function contentKeyOf(files: ContentFiles = {}): string | undefined {
  try {
    return contentKey(
      [
        files.knowledge ?? DEFAULT_KNOWLEDGE_FILE,
        files.phrases ?? DEFAULT_PHRASES_FILE,
        files.flow ?? DEFAULT_FLOW_FILE,
        files.answers ?? DEFAULT_ANSWERS_FILE,
        files.stepRules ?? DEFAULT_STEP_RULES_FILE,
      ].map((file) => readFileSync(file, 'utf8')),
    );
  } catch {
    return undefined;
  }
}

/**
 * Loads all content; throws one ContentError listing the problems of every file. With a `snapshot` holding content
 * already checked from files with the same text, that content is used as it is.
 */
export function loadContent(files: ContentFiles = {}, snapshot?: ContentSnapshot): Content {
  const key = snapshot && contentKeyOf(files);
  const checked = key ? snapshot?.load(key) : undefined;
  if (isContent(checked)) return checked;
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
