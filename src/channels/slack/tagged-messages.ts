// Finds a message the bot already posted by its metadata tag, so a retried post never goes out twice.
import type { Logger } from '../../app/logger.ts';
import { CASE_EVENT_TYPE, type CaseTag } from './case-messages.ts';
import type { SlackClient } from './slack-turns.ts';

const PAGE = 200;

type Found = { ts?: string; metadata?: { event_type?: string; event_payload?: unknown } };

const matches = (m: Found, tag: CaseTag): boolean => {
  const payload = m.metadata?.event_payload as Partial<CaseTag> | undefined;
  return (
    m.metadata?.event_type === CASE_EVENT_TYPE &&
    payload?.case_id === tag.case_id &&
    payload.part === tag.part
  );
};

/**
 * The ts of the message tagged `tag` in `channel` (in the thread `threadTs` when given), looking at the latest
 * page since `sinceMs`; undefined when there is none or Slack cannot be asked (then posting again is the lesser harm).
 */
export async function findTagged(
  client: SlackClient,
  where: { channel: string; threadTs?: string; sinceMs: number },
  tag: CaseTag,
  log: Logger,
): Promise<string | undefined> {
  const oldest = String(Math.max(0, Math.floor(where.sinceMs / 1000) - 300));
  try {
    const page = where.threadTs
      ? await client.conversations.replies({
          channel: where.channel,
          ts: where.threadTs,
          oldest,
          limit: PAGE,
          include_all_metadata: true,
        })
      : await client.conversations.history({
          channel: where.channel,
          oldest,
          limit: PAGE,
          include_all_metadata: true,
        });
    return ((page.messages ?? []) as Found[]).find((m) => matches(m, tag))?.ts;
  } catch (err) {
    log.warn({ err, tag }, 'slack: could not check for an earlier post; posting again');
    return undefined;
  }
}
