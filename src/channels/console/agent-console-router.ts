// The local agent console at /agent: the live queue, claim, talk with the user through the bot, hand back or close.
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response, Router } from 'express';
import type { HandoffService } from '../../app/handoff-service.ts';
import { dayOf, summarizeInsights } from '../../app/insights.ts';
import type { Logger } from '../../app/logger.ts';
import { contentFilesIn } from '../../content/load-content.ts';
import { loadFlow } from '../../content/load-flow.ts';
import { type Block, type Card, isDataAction } from '../../core/card.ts';
import type { Flow } from '../../core/flow.ts';
import { type Agent, type CaseChange, type HandoffCase, waitedWords } from '../../core/handoff-case.ts';
import { type Phrases, say } from '../../core/phrases.ts';
import { cleanText } from '../../render/escape.ts';
import { StoreUnavailableError } from '../../store/conversation-store.ts';
import type { StatsStore } from '../../store/handoff-store.ts';
import { pageHeaders } from '../web/page-headers.ts';
import { requireAgent } from './console-auth.ts';
import { type ShownLine, tapReader } from './tap-labels.ts';

/** What the console needs. */
export interface AgentConsoleDeps {
  handoffs: HandoffService;
  phrases: Phrases;
  /**
   * The triage flow, whose choice ids the transcript records for a tapped button ("[tapped fails_there]");
   * the console shows the button's label instead. Without it the flow the bot loads is read (CONTENT_DIR's,
   * else the shipped one).
   */
  flow?: Flow;
  token?: string;
  /** The daily counters behind GET /agent/api/insights; without them the insights are empty. */
  stats?: StatsStore;
  log: Logger;
  now?: () => number;
}

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const NAME = /^[\p{L}\p{N} .'_-]{1,60}$/u;

/** The agent as the console knows them, from the request body; undefined when the name is missing or odd. */
function agentOf(body: unknown): Agent | undefined {
  const name =
    typeof body === 'object' && body && 'agent' in body
      ? String((body as { agent: unknown }).agent).trim()
      : '';
  return NAME.test(name) ? { id: name.toLowerCase(), name, via: 'console' } : undefined;
}

const textOf = (body: unknown, key: string): string => {
  const v = typeof body === 'object' && body && key in body ? (body as Record<string, unknown>)[key] : '';
  return typeof v === 'string' ? v.slice(0, 2000) : '';
};

/** The flow the bot runs on, when the server did not hand it over: CONTENT_DIR's, else the shipped one. */
function flowOf(deps: AgentConsoleDeps): Flow | undefined {
  if (deps.flow) return deps.flow;
  try {
    return loadFlow(contentFilesIn(process.env.CONTENT_DIR).flow);
  } catch (err) {
    deps.log.warn({ err }, 'agent console: no flow to name tapped buttons with; their ids show');
    return undefined;
  }
}

const plain = (text: string) => cleanText(text);

function plainBlock(block: Block): Block {
  switch (block.kind) {
    case 'text':
      return { ...block, text: plain(block.text) };
    case 'code':
      return { ...block, text: plain(block.text) };
    case 'facts':
      return { ...block, items: block.items.map((f) => ({ label: plain(f.label), value: plain(f.value) })) };
    default:
      return {
        ...block,
        ...(block.title ? { title: plain(block.title) } : {}),
        items: block.items.map(plain),
      };
  }
}

/**
 * A case card for the console page, which puts every string in the page as text: plain words, as the agent
 * should read them, never the Teams/Slack markdown escaping (`\[redacted\]`, zero-width spaces) the queue
 * channels need. Buttons carry their command only.
 */
function consoleCard(card: Card) {
  return {
    title: card.title === undefined ? undefined : plain(card.title),
    tone: card.tone,
    blocks: card.blocks.map(plainBlock),
    actions: card.actions.filter(isDataAction).map((a) => ({
      label: plain(a.label),
      command: a.data.type === 'command' ? a.data.command : undefined,
      style: a.style,
    })),
  };
}

/** A case as the console page shows it: its card, its transcript (presses named by their buttons), and its state. */
function view(
  c: HandoffCase,
  handoffs: HandoffService,
  now: number,
  readLines: (c: HandoffCase) => ShownLine[],
) {
  const lines = readLines(c);
  const cardLines = c.lines.map((l, i) =>
    lines[i]?.tapped ? { ...l, text: `Tapped “${lines[i]?.text}”` } : l,
  );
  return {
    id: c.id,
    status: c.status,
    waited: waitedWords(c, now),
    claimedBy: c.claimedBy?.name,
    card: consoleCard(handoffs.card({ ...c, lines: cardLines })),
    lines,
    posts: c.posts.map((p) => ({ target: p.target, posted: Boolean(p.postedAt), lastError: p.lastError })),
  };
}

/** The console router: GET /agent (page), /agent/static/*, and the JSON API under /agent/api/ (token- or loopback-guarded). */
export function createAgentConsoleRouter(deps: AgentConsoleDeps): Router {
  const { handoffs, phrases, log } = deps;
  const now = deps.now ?? Date.now;
  const readTaps = tapReader(flowOf(deps), phrases);
  const readLines = (c: HandoffCase) => readTaps(c.lines);
  const router = Router();
  router.get('/agent', pageHeaders, (_req, res) => {
    res.set('Cache-Control', 'no-cache').sendFile('agent.html', { root: PUBLIC_DIR });
  });
  router.use('/agent/static', pageHeaders, express.static(PUBLIC_DIR, { index: false, redirect: false }));
  router.use(
    '/agent/api',
    (_req, res, next) => {
      res.set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      next();
    },
    requireAgent(deps.token),
    express.json({ limit: '16kb' }),
  );

  const fail = (res: Response, err: unknown) => {
    if (err instanceof StoreUnavailableError) {
      log.error({ err }, 'agent console: store unavailable');
      res.status(503).json({ error: 'the store is not answering; try again in a moment' });
      return;
    }
    log.error({ err }, 'agent console: request failed');
    res.status(500).json({ error: 'that did not work; try again' });
  };
  const answer = (res: Response, result: CaseChange) => {
    if (result.ok) {
      res.json({ case: view(result.case, handoffs, now(), readLines) });
      return;
    }
    const agent = result.holder?.name ?? '?';
    const error =
      result.why === 'claimed_by_other'
        ? say(phrases, 'case.claimedByOther', { agent })
        : result.why === 'not_yours'
          ? say(phrases, 'case.notYours', { agent })
          : say(phrases, 'case.notOpen');
    res.status(409).json({ error, holder: result.holder?.name });
  };
  const act =
    (run: (id: string, agent: Agent, req: Request) => Promise<CaseChange>) =>
    async (req: Request, res: Response) => {
      const agent = agentOf(req.body);
      if (!agent) {
        res.status(400).json({ error: 'say who you are: {"agent": "Your name"}' });
        return;
      }
      try {
        answer(res, await run(String(req.params.id), agent, req));
      } catch (err) {
        fail(res, err);
      }
    };

  router.get('/agent/api/cases', async (_req, res) => {
    try {
      const cases = await handoffs.list();
      res.json({ cases: cases.map((c) => view(c, handoffs, now(), readLines)).reverse() });
    } catch (err) {
      fail(res, err);
    }
  });
  router.get('/agent/api/insights', async (req, res) => {
    const days = Math.min(365, Math.max(1, Number.parseInt(String(req.query.days ?? '30'), 10) || 30));
    const since = dayOf(now() - (days - 1) * 86_400_000);
    try {
      res.json(summarizeInsights(deps.stats ? await deps.stats.since(since) : [], days, since));
    } catch (err) {
      fail(res, err);
    }
  });
  router.post(
    '/agent/api/cases/:id/claim',
    act((id, agent) => handoffs.claim(id, agent)),
  );
  router.post(
    '/agent/api/cases/:id/messages',
    act(async (id, agent, req) => {
      const text = textOf(req.body, 'text').trim();
      return text ? handoffs.agentSays(id, agent, text) : { ok: false, why: 'not_open' };
    }),
  );
  router.post(
    '/agent/api/cases/:id/close',
    act((id, agent, req) => handoffs.finish(id, agent, 'close', textOf(req.body, 'note'))),
  );
  router.post(
    '/agent/api/cases/:id/return',
    act((id, agent) => handoffs.finish(id, agent, 'return')),
  );
  return router;
}
