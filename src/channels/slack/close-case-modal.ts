// The "Close case" modal: asks the agent for an optional note to the user, and reads it back from the submission.
import type { HandoffCase } from '../../core/handoff-case.ts';
import { type Phrases, say } from '../../core/phrases.ts';
import { cleanText } from '../../render/escape.ts';
import { CLOSE_CASE_CALLBACK_ID } from './slack-contract.ts';
import { slackText } from './slack-texts.ts';

/** block_id of the note input; errors on the submission are shown under it. */
export const NOTE_BLOCK_ID = 'note';
const NOTE_ACTION_ID = 'note';
const NOTE_MAX = 2000;
const MODAL_LABEL_MAX = 24;
const CASE_ID = /^[A-Za-z0-9_-]{1,64}$/;

const plain = (text: string, max: number) => ({
  type: 'plain_text' as const,
  text: cleanText(text, max).trim() || '…',
  emoji: false,
});

/** The modal views.open shows when an agent presses "Close case"; it carries the case id in private_metadata. */
export function closeCaseView(c: Pick<HandoffCase, 'id'>, phrases: Phrases) {
  return {
    type: 'modal' as const,
    callback_id: CLOSE_CASE_CALLBACK_ID,
    private_metadata: JSON.stringify({ caseId: c.id }),
    title: plain(slackText(phrases, 'slack.case.noteTitle'), MODAL_LABEL_MAX),
    submit: plain(say(phrases, 'case.close'), MODAL_LABEL_MAX),
    close: plain(slackText(phrases, 'slack.case.noteCancel'), MODAL_LABEL_MAX),
    blocks: [
      { type: 'section', text: plain(slackText(phrases, 'slack.case.noteIntro', { id: c.id }), 3000) },
      {
        type: 'input',
        block_id: NOTE_BLOCK_ID,
        optional: true,
        label: plain(slackText(phrases, 'slack.case.noteLabel'), 2000),
        element: {
          type: 'plain_text_input',
          action_id: NOTE_ACTION_ID,
          multiline: true,
          max_length: NOTE_MAX,
          placeholder: plain(slackText(phrases, 'slack.case.notePlaceholder'), 150),
        },
      },
    ],
  };
}

/** The case id and note from a submitted close modal (a view_submission's `view`); undefined when it is not one. */
export function readCloseSubmission(view: unknown): { caseId: string; note?: string } | undefined {
  const v = view as { private_metadata?: unknown; state?: { values?: unknown } } | undefined;
  let caseId: unknown;
  try {
    caseId = (JSON.parse(String(v?.private_metadata ?? '')) as { caseId?: unknown }).caseId;
  } catch {
    return undefined;
  }
  if (typeof caseId !== 'string' || !CASE_ID.test(caseId)) return undefined;
  const values = v?.state?.values as Record<string, Record<string, { value?: unknown }>> | undefined;
  const raw = values?.[NOTE_BLOCK_ID]?.[NOTE_ACTION_ID]?.value;
  const note = typeof raw === 'string' ? raw.trim().slice(0, NOTE_MAX) : '';
  return note ? { caseId, note } : { caseId };
}
