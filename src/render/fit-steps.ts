// Makes a turn cheap enough for a metered text channel (SMS): advice steps are left out from the end, whole.
import type { Block, Card, Reply } from '../core/card.ts';

/** The index of the last item matching `test`, or -1. */
const lastIndex = <T>(items: readonly T[], test: (item: T) => boolean): number => {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i] as T)) return i;
  return -1;
};

const hasSpareStep = (block: Block) => block.kind === 'steps' && block.items.length > 1;
const cardWithSpareStep = (reply: Reply) => reply.kind === 'card' && reply.card.blocks.some(hasSpareStep);

/** The card without the last step of its last list that has more than one. */
function withoutLastStep(card: Card): Card {
  const at = lastIndex(card.blocks, hasSpareStep);
  const blocks = card.blocks.map((b, i) =>
    i === at && b.kind === 'steps' ? { ...b, items: b.items.slice(0, -1) } : b,
  );
  return { ...card, blocks };
}

/**
 * The replies of one turn with their advice steps left out, last first and always whole (never a cut sentence),
 * until `fits` says the turn is short enough; every card keeps its title, text, first step and choices. Steps come
 * likeliest first (see fitSteps in core), so the ones left out are the least likely to help. Replies that fit, or
 * have no step to spare, come back as they are.
 */
export function dropStepsToFit(
  replies: readonly Reply[],
  fits: (replies: readonly Reply[]) => boolean,
): Reply[] {
  let current = [...replies];
  while (!fits(current)) {
    const at = lastIndex(current, cardWithSpareStep);
    const reply = current[at];
    if (reply?.kind !== 'card') break;
    current = current.map((r, i) => (i === at ? { kind: 'card', card: withoutLastStep(reply.card) } : r));
  }
  return current;
}
