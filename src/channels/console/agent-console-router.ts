// The local agent console at /agent: the live queue, claim, talk with the user through the bot, hand back or close.
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response, Router } from 'express';
import type { HandoffService } from '../../app/handoff-contracts.ts';
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
import type { Outbox, StatsStore } from '../../store/handoff-store.ts';
import { pageHeaders } from '../web/page-headers.ts';
import { AGENT_NAME } from './agent-tokens.ts';
import { type ConsoleCaller, type ConsoleSignIn, callerOf, requireAgent } from './console-auth.ts';
import { createDeadLetterRoutes } from './dead-letter-routes.ts';
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
  /** AGENT_CONSOLE_TOKEN, the desk's shared token (agents name themselves). */
  token?: string;
  /** Per-agent sign-in (agent tokens, a sign-in proxy's header); with it the sign-in says who the agent is. */
  signIn?: Omit<ConsoleSignIn, 'sharedToken'>;
  /** The daily counters behind GET /agent/api/insights; without them the insights are empty. */
  stats?: StatsStore;
  /** The delivery outbox, whose undelivered messages the console lists (with Retry and Discard). */
  outbox?: Outbox;
  log: Logger;
  now?: () => number;
}

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

/** The agent as the console knows them, from the request body; undefined when the name is missing or odd. */
function agentOf(body: unknown): Agent | undefined {
  const name =
    typeof body === 'object' && body && 'agent' in body
      ? String((body as { agent: unknown }).agent).trim()
      : '';
  return AGENT_NAME.test(name) ? { id: name.toLowerCase(), name, via: 'console' } : undefined;
}

/**
 * Who acts: the signed-in agent when the sign-in names them (a body naming anyone else is refused), else the name
 * in the body as today; otherwise the refusal to answer with.
 */
function actingAgent(caller: ConsoleCaller, body: unknown): Agent | { status: number; error: string } {
  if (!caller.name) return agentOf(body) ?? { status: 400, error: 'say who you are: {"agent": "Your name"}' };
  const asked = typeof body === 'object' && body && 'agent' in body ? String(body.agent).trim() : '';
  if (asked && asked.toLowerCase() !== caller.name.toLowerCase())
    return { status: 403, error: `you are signed in as ${caller.name}; you can act only as yourself` };
  return { id: caller.name.toLowerCase(), name: caller.name, via: 'console' };
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
    requireAgent({ ...deps.signIn, sharedToken: deps.token }, log),
    express.json({ limit: '16kb' }),
  );
  if (deps.outbox) router.use(createDeadLetterRoutes({ outbox: deps.outbox, handoffs, log }));

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
    (action: string, run: (id: string, agent: Agent, req: Request) => Promise<CaseChange>) =>
    async (req: Request, res: Response) => {
      const caller = callerOf(res);
      const agent = actingAgent(caller, req.body);
      const caseId = String(req.params.id);
      if (!('id' in agent)) {
        log.warn({ caseId, action, signIn: caller.signIn, agent: caller.name }, 'agent console: refused');
        res.status(agent.status).json({ error: agent.error });
        return;
      }
      try {
        const result = await run(caseId, agent, req);
        const outcome = result.ok ? 'done' : result.why;
        log.info(
          { caseId, action, agent: agent.name, signIn: caller.signIn, outcome },
          `agent console: ${action}`,
        );
        answer(res, result);
      } catch (err) {
        fail(res, err);
      }
    };

  router.get('/agent/api/me', (_req, res) => {
    const { name, signIn } = callerOf(res);
    res.json({ name: name ?? null, signIn });
  });
  router.get('/agent/api/cases', async (_req, res) => {
    try {
      const cases = await handoffs.list();
      log.debug({ agent: callerOf(res).name, signIn: callerOf(res).signIn }, 'agent console: queue read');
      res.json({ cases: cases.map((c) => view(c, handoffs, now(), readLines)).reverse() });
    } catch (err) {
      fail(res, err);
    }
  });
  router.get('/agent/api/cases/:id', async (req, res) => {
    const caller = callerOf(res);
    const caseId = String(req.params.id);
    // Shared sign-in: the name the page says it is, kept apart from signed-in names in the log.
    const said = caller.name ? undefined : agentOf({ agent: req.query.agent })?.name;
    try {
      const c = await handoffs.get(caseId);
      log.info(
        {
          caseId,
          action: 'read',
          agent: caller.name,
          saidToBe: said,
          signIn: caller.signIn,
          found: Boolean(c),
        },
        'agent console: transcript read',
      );
      if (!c) {
        res.status(404).json({ error: 'no such case' });
        return;
      }
      res.json({ case: view(c, handoffs, now(), readLines) });
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
    act('claim', (id, agent) => handoffs.claim(id, agent)),
  );
  router.post(
    '/agent/api/cases/:id/messages',
    act('message', async (id, agent, req) => {
      const text = textOf(req.body, 'text').trim();
      return text ? handoffs.agentSays(id, agent, text) : { ok: false, why: 'not_open' };
    }),
  );
  router.post(
    '/agent/api/cases/:id/close',
    act('close', (id, agent, req) => handoffs.finish(id, agent, 'close', textOf(req.body, 'note'))),
  );
  router.post(
    '/agent/api/cases/:id/return',
    act('return', (id, agent) => handoffs.finish(id, agent, 'return')),
  );
  return router;
}
