// Slack's limits on a modal view, with its input blocks (which messages never carry) checked here and the rest by checkBlockKitLimits.
import { checkBlockKitLimits } from '../../render/block-kit-limits.ts';

type Json = Record<string, unknown>;

const MODAL_LIMITS = {
  blocks: 100,
  label: 24,
  metadata: 3000,
  callbackId: 255,
  inputLabel: 2000,
  placeholder: 150,
};

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function plainProblems(obj: unknown, where: string, max: number): string[] {
  if (!isObject(obj) || obj.type !== 'plain_text') return [`${where}: must be a plain_text object`];
  const text = typeof obj.text === 'string' ? obj.text : '';
  if (!text) return [`${where}: empty text`];
  return text.length > max ? [`${where}: ${text.length} chars, over ${max}`] : [];
}

function inputProblems(block: Json, where: string): string[] {
  const problems = plainProblems(block.label, `${where} label`, MODAL_LIMITS.inputLabel);
  if (typeof block.block_id === 'string' && block.block_id.length > 255)
    problems.push(`${where}: block_id over 255`);
  const el = block.element;
  if (!isObject(el) || el.type !== 'plain_text_input')
    return [...problems, `${where}: element is not a plain_text_input`];
  if (typeof el.action_id !== 'string' || !el.action_id || el.action_id.length > 255)
    problems.push(`${where}: bad action_id`);
  if (
    el.max_length !== undefined &&
    (typeof el.max_length !== 'number' || el.max_length > 3000 || el.max_length < 1)
  )
    problems.push(`${where}: max_length must be 1–3000`);
  if (el.placeholder !== undefined)
    problems.push(...plainProblems(el.placeholder, `${where} placeholder`, MODAL_LIMITS.placeholder));
  return problems;
}

/** Every way a modal view breaks Slack's limits (labels, metadata, block count, input blocks, other blocks); empty when it fits. */
export function checkModalLimits(view: unknown): string[] {
  if (!isObject(view) || view.type !== 'modal') return ['not a modal view'];
  const problems = plainProblems(view.title, 'title', MODAL_LIMITS.label);
  for (const key of ['submit', 'close'] as const)
    if (view[key] !== undefined) problems.push(...plainProblems(view[key], key, MODAL_LIMITS.label));
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > MODAL_LIMITS.metadata)
    problems.push('private_metadata over 3000 chars');
  if (typeof view.callback_id === 'string' && view.callback_id.length > MODAL_LIMITS.callbackId)
    problems.push('callback_id over 255 chars');
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  if (!blocks.length || blocks.length > MODAL_LIMITS.blocks) problems.push(`${blocks.length} blocks (1–100)`);
  const inputs = blocks.filter((b): b is Json => isObject(b) && b.type === 'input');
  for (const [i, b] of inputs.entries()) problems.push(...inputProblems(b, `input ${i}`));
  const rest = blocks.filter((b) => !inputs.includes(b as Json));
  if (rest.length) problems.push(...checkBlockKitLimits({ blocks: rest }).map((p) => `modal ${p}`));
  return problems;
}
