// What every request Slack sends has, so a signed request that lacks it is told apart from a failure of ours.
import * as z from 'zod';

const event = z.looseObject({ event: z.looseObject({ type: z.string() }) });
const command = z.looseObject({ command: z.string() });
const interaction = z.looseObject({
  type: z.string(),
  user: z.looseObject({ id: z.string() }),
  team: z.looseObject({ id: z.string() }).nullish(),
});
const blockActions = interaction.extend({
  actions: z.array(z.looseObject({ action_id: z.string(), block_id: z.string() })).min(1),
});
const viewAction = interaction.extend({ view: z.looseObject({ id: z.string() }) });

/**
 * Whether a parsed /slack/events body has the fields bolt and the listeners read for its kind (an event, a slash
 * command, a button press, a modal): false for bodies Slack never sends (null, an event that is null, a press
 * without its user or block id), which bolt fails on before or while matching a listener.
 */
export function isSlackShaped(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  if ('event' in body) return event.safeParse(body).success;
  if ('command' in body) return command.safeParse(body).success;
  const type = (body as { type?: unknown }).type;
  if (type === 'block_actions') return blockActions.safeParse(body).success;
  if (type === 'view_submission' || type === 'view_closed') return viewAction.safeParse(body).success;
  if ('user' in body || 'team' in body) return interaction.safeParse(body).success;
  return true;
}
