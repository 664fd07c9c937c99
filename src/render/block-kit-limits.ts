// Slack's Block Kit limits, and a check that names every way a message breaks them.

/** The limits Slack enforces on a message's blocks (it rejects the whole message when one is broken). */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  contextElements: 10,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  actionElements: 25,
  sectionFields: 10,
  fieldText: 2000,
  messageText: 40_000,
} as const;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function textProblems(obj: unknown, where: string, max: number, plainOnly = false): string[] {
  if (!isObject(obj)) return [`${where}: missing text object`];
  const problems: string[] = [];
  if (obj.type !== 'plain_text' && obj.type !== 'mrkdwn')
    problems.push(`${where}: text type ${String(obj.type)}`);
  if (plainOnly && obj.type !== 'plain_text') problems.push(`${where}: must be plain_text`);
  const text = typeof obj.text === 'string' ? obj.text : '';
  if (!text.length) problems.push(`${where}: empty text`);
  if (text.length > max) problems.push(`${where}: text is ${text.length} chars, over ${max}`);
  return problems;
}

function elementProblems(el: unknown, where: string, ids: Set<string>): string[] {
  if (!isObject(el)) return [`${where}: not an object`];
  const problems: string[] = [];
  if (typeof el.action_id === 'string') {
    if (el.action_id.length > SLACK_LIMITS.actionId)
      problems.push(`${where}: action_id over ${SLACK_LIMITS.actionId}`);
    if (ids.has(el.action_id)) problems.push(`${where}: action_id ${el.action_id} is not unique`);
    ids.add(el.action_id);
  }
  if (el.type === 'button') {
    problems.push(...textProblems(el.text, `${where} button`, SLACK_LIMITS.buttonText, true));
    if (typeof el.value === 'string' && el.value.length > SLACK_LIMITS.buttonValue) {
      problems.push(`${where}: button value is ${el.value.length} chars, over ${SLACK_LIMITS.buttonValue}`);
    }
    if (typeof el.url === 'string' && el.url.length > SLACK_LIMITS.buttonUrl)
      problems.push(`${where}: url too long`);
    if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
      problems.push(`${where}: button style ${String(el.style)}`);
    }
  }
  return problems;
}

function blockProblems(block: unknown, where: string, ids: Set<string>): string[] {
  if (!isObject(block)) return [`${where}: not an object`];
  const problems: string[] = [];
  if (typeof block.block_id === 'string' && block.block_id.length > SLACK_LIMITS.blockId) {
    problems.push(`${where}: block_id over ${SLACK_LIMITS.blockId}`);
  }
  switch (block.type) {
    case 'header':
      problems.push(...textProblems(block.text, `${where} header`, SLACK_LIMITS.headerText, true));
      break;
    case 'section': {
      const fields = arrayOf(block.fields);
      if (block.text === undefined && !fields.length)
        problems.push(`${where}: section without text or fields`);
      if (block.text !== undefined)
        problems.push(...textProblems(block.text, `${where} section`, SLACK_LIMITS.sectionText));
      if (fields.length > SLACK_LIMITS.sectionFields)
        problems.push(`${where}: ${fields.length} fields, over 10`);
      for (const [i, f] of fields.entries()) {
        problems.push(...textProblems(f, `${where} field ${i}`, SLACK_LIMITS.fieldText));
      }
      if (block.accessory !== undefined)
        problems.push(...elementProblems(block.accessory, `${where} accessory`, ids));
      break;
    }
    case 'context': {
      const elements = arrayOf(block.elements);
      if (!elements.length || elements.length > SLACK_LIMITS.contextElements) {
        problems.push(`${where}: ${elements.length} context elements (1–${SLACK_LIMITS.contextElements})`);
      }
      for (const [i, e] of elements.entries()) {
        problems.push(...textProblems(e, `${where} element ${i}`, SLACK_LIMITS.sectionText));
      }
      break;
    }
    case 'actions': {
      const elements = arrayOf(block.elements);
      if (!elements.length || elements.length > SLACK_LIMITS.actionElements) {
        problems.push(
          `${where}: ${elements.length} elements in an actions block (1–${SLACK_LIMITS.actionElements})`,
        );
      }
      for (const [i, e] of elements.entries())
        problems.push(...elementProblems(e, `${where} element ${i}`, ids));
      break;
    }
    case 'divider':
      break;
    default:
      problems.push(`${where}: block type ${String(block.type)} is not one this bot sends`);
  }
  return problems;
}

/** Every way the message breaks Slack's limits (blocks, text lengths, buttons, ids); empty when Slack will take it. */
export function checkBlockKitLimits(msg: { text?: string; blocks: readonly unknown[] }): string[] {
  const problems: string[] = [];
  if (msg.blocks.length > SLACK_LIMITS.blocks)
    problems.push(`${msg.blocks.length} blocks, over ${SLACK_LIMITS.blocks}`);
  if (msg.text !== undefined && msg.text.length > SLACK_LIMITS.messageText)
    problems.push('fallback text too long');
  if (!msg.text?.trim() && !msg.blocks.length) problems.push('message has neither text nor blocks');
  const ids = new Set<string>();
  for (const [i, block] of msg.blocks.entries()) problems.push(...blockProblems(block, `block ${i}`, ids));
  return problems;
}
