// Compare-and-set updates of a stored case: read, change, write if nobody wrote in between, else try again.
import type { CaseChange, HandoffCase } from '../core/handoff-case.ts';
import type { CaseStore } from '../store/handoff-store.ts';

const MAX_ATTEMPTS = 8;

/** Applies `change` to case `caseId`, retrying on a concurrent write; a refused change is returned as it is. */
export async function updateCase(
  cases: CaseStore,
  caseId: string,
  change: (c: HandoffCase) => CaseChange,
): Promise<CaseChange> {
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const stored = await cases.get(caseId);
    if (!stored) return { ok: false, why: 'not_open' };
    const result = change(stored.case);
    if (!result.ok || result.case === stored.case) return result;
    if (await cases.put(result.case, stored.rev)) return result;
  }
  throw new Error(`case ${caseId} kept changing under concurrent writes`);
}
