// The language parts of a bot, trained on first use (or when warmed), so a start does not wait for them.
import type { EngineContext } from '../core/engine-context.ts';
import { createLanguage, type LanguageContent } from './create-language.ts';
import { NLU_CONFIDENCE_THRESHOLD } from './create-nlu.ts';

/** What a bot reads people's words with, plus `warm()`, which builds it now if it is not built yet. */
export type LazyLanguage = Pick<EngineContext, 'understand' | 'readAnswer' | 'answers' | 'minConfidence'> & {
  warm(): void;
};

/** The language for `content`, built the first time a text is read or `warm()` is called. */
export function lazyLanguage(content: LanguageContent & Pick<EngineContext, 'answers'>): LazyLanguage {
  let built: ReturnType<typeof createLanguage> | undefined;
  const get = () => {
    built ??= createLanguage(content);
    return built;
  };
  return {
    understand: (text) => get().understand(text),
    readAnswer: (text, choices) => get().readAnswer(text, choices),
    answers: content.answers,
    minConfidence: NLU_CONFIDENCE_THRESHOLD,
    warm: () => void get(),
  };
}
