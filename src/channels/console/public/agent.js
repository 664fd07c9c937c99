// The agent console page: polls the queue, shows each case card as text, and sends claim, messages, hand-back and
// close. Everything a user or an agent wrote goes into the page as text (textContent), never as markup.
import { api, el } from './console-api.js';

const $ = (id) => document.getElementById(id);
const NOTE_LABEL = 'Closing note for the user (optional)';
const narrow = window.matchMedia('(max-width: 760px)');
const state = {
  cases: [],
  selected: sessionStorage.getItem('vpnbot-agent-selected') || '',
  busy: false,
  /** Closing notes being written, by case id: kept across redraws, dropped when the case ends or another is selected. */
  notes: new Map(),
  /** The agent's name when the sign-in says it (their own token, the sign-in proxy); empty when they name themselves. */
  signedIn: '',
};
/** The list items already on the page, by case id, with what they were drawn from (so a redraw keeps focus and drafts). */
const drawn = new Map();

const agentInput = $('agent');
agentInput.value = localStorage.getItem('vpnbot-agent-name') || '';
agentInput.addEventListener('change', () => {
  localStorage.setItem('vpnbot-agent-name', agentInput.value.trim());
  draw();
});
$('token').value = sessionStorage.getItem('vpnbot-agent-token') || '';
$('token').addEventListener('change', async () => {
  sessionStorage.setItem('vpnbot-agent-token', $('token').value);
  await whoAmI();
  refresh();
});

const status = (text) => {
  $('status').textContent = text;
};

/** Asks the server who this is: a signed-in agent sees their name and no name field; others type their name. */
async function whoAmI() {
  try {
    const { name } = await api('/me');
    state.signedIn = name || '';
  } catch {
    // Not signed in yet (the token box is showing) or not answering: a name field only in the second case.
    $('name-box').hidden = !$('token-box').hidden;
    return;
  }
  if (state.signedIn) agentInput.value = state.signedIn;
  $('signed-in-name').textContent = state.signedIn;
  $('signed-in').hidden = !state.signedIn;
  $('name-box').hidden = Boolean(state.signedIn);
  if (state.signedIn) $('token-box').hidden = true;
  draw();
}

/** Who the agent says they are, for the request body: nobody when the sign-in already says it. */
const said = (agent) => (state.signedIn ? {} : { agent });

function me() {
  if (state.signedIn) return state.signedIn;
  const name = agentInput.value.trim();
  if (!name) {
    status('Type your name first.');
    agentInput.focus();
  }
  return name;
}

const isMine = (c) =>
  c.status === 'claimed' &&
  Boolean(c.claimedBy) &&
  c.claimedBy === (state.signedIn || agentInput.value.trim());
const noteId = (caseId) => `close-note-${caseId}`;

/** Drops the closing note being written for a case, from memory and from its field. */
function forgetNote(caseId) {
  state.notes.delete(caseId);
  const field = document.getElementById(noteId(caseId));
  if (field) field.value = '';
}

async function act(caseId, op, extra = {}) {
  const agent = me();
  if (!agent) return;
  try {
    await api(`/cases/${encodeURIComponent(caseId)}/${op}`, { ...said(agent), ...extra });
    status('');
    if (op === 'claim') {
      select(caseId);
      $('reply-text').focus({ preventScroll: !narrow.matches });
    }
    if (op === 'close' || op === 'return') {
      forgetNote(caseId);
      if (state.selected === caseId) $('reply-text').value = '';
    }
  } catch (err) {
    status(err.message);
  }
  await refresh();
}

function blockNodes(block) {
  switch (block.kind) {
    case 'text':
      return block.emphasis
        ? [el('p', { className: 'case-status' }, el('strong', { textContent: block.text }))]
        : [el('p', { className: block.muted ? 'muted' : '', textContent: block.text })];
    case 'facts':
      return [
        el(
          'dl',
          { className: 'facts' },
          ...block.items.map((f) =>
            el('div', {}, el('dt', { textContent: f.label }), el('dd', { textContent: f.value })),
          ),
        ),
      ];
    case 'bullets':
    case 'steps': {
      const list = el(
        block.kind === 'steps' ? 'ol' : 'ul',
        { className: 'items' },
        ...block.items.map((item) => el('li', { textContent: item })),
      );
      return block.title ? [el('h4', { textContent: block.title }), list] : [list];
    }
    case 'code':
      return [el('pre', { textContent: block.text })];
    default:
      return [];
  }
}

/** The card's text: its title as the case's heading, then what the bot learned. */
function cardBody(c) {
  const tone = ['info', 'good', 'warning', 'attention'].includes(c.card.tone) ? c.card.tone : 'info';
  return [
    el('h3', {
      id: `case-${c.id}-title`,
      className: `case-title tone-${tone}`,
      textContent: c.card.title || c.id,
    }),
    el('div', { className: 'case-text' }, ...c.card.blocks.flatMap(blockNodes)),
  ];
}

/** What the agent can do with a case: claim it, or (when it is theirs) close it with a note or hand it back. */
function cardActions(c) {
  const labelOf = (command) => c.card.actions.find((a) => a.command === command)?.label;
  const button = (label, onClick, primary) =>
    el('button', {
      type: 'button',
      className: primary ? 'action primary' : 'action',
      textContent: label,
      onclick: onClick,
    });
  const claim = labelOf('case.claim');
  if (c.status === 'queued' && claim)
    return [
      el(
        'div',
        { className: 'buttons' },
        button(claim, () => act(c.id, 'claim'), true),
      ),
    ];
  const close = labelOf('case.close');
  const back = labelOf('case.return');
  if (!isMine(c) || !close) return [];
  const note = el('input', {
    id: noteId(c.id),
    type: 'text',
    maxLength: 500,
    placeholder: 'e.g. Fixed the DNS entry',
    value: state.notes.get(c.id) || '',
  });
  note.addEventListener('input', () => state.notes.set(c.id, note.value));
  const form = el(
    'form',
    { className: 'close-form', autocomplete: 'off' },
    el('label', { htmlFor: note.id, textContent: NOTE_LABEL }),
    note,
    el(
      'div',
      { className: 'buttons' },
      button(close, () => act(c.id, 'close', { note: note.value.trim() }), true),
      ...(back ? [button(back, () => act(c.id, 'return'))] : []),
    ),
  );
  // Enter in the note does not close the case: closing is one deliberate press.
  form.addEventListener('submit', (event) => event.preventDefault());
  return [form];
}

function select(id, { reveal = false } = {}) {
  if (id !== state.selected) {
    $('reply-text').value = '';
    for (const other of [...state.notes.keys()]) if (other !== id) forgetNote(other);
  }
  state.selected = id;
  sessionStorage.setItem('vpnbot-agent-selected', id);
  draw();
  if (reveal) {
    readCase(id);
    if (narrow.matches) $('thread').scrollIntoView({ block: 'start' });
    $('thread-title').focus({ preventScroll: true });
  }
}

/** Opens a case's transcript through the server, which records who read it; the list's copy is replaced by it. */
async function readCase(id) {
  const who = state.signedIn || agentInput.value.trim();
  const query = !state.signedIn && who ? `?agent=${encodeURIComponent(who)}` : '';
  try {
    const { case: fresh } = await api(`/cases/${encodeURIComponent(id)}${query}`);
    state.cases = state.cases.map((c) => (c.id === fresh.id ? fresh : c));
    draw();
  } catch (err) {
    status(err.message);
  }
}

function drawThread() {
  const c = state.cases.find((x) => x.id === state.selected);
  $('thread').hidden = !c;
  if (!c) return;
  $('thread-title').textContent = `Conversation ${c.id}`;
  const box = $('lines-box');
  const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 8;
  $('lines').replaceChildren(
    ...c.lines.map((l) => {
      const li = el('li', { className: l.tapped ? `${l.from} tapped` : l.from });
      if (l.from !== 'system') {
        const who = l.from === 'user' ? l.name || 'User' : l.from === 'agent' ? l.name || 'Agent' : 'Bot';
        li.append(el('span', { className: 'who', textContent: who }));
      }
      if (l.tapped) li.append(el('span', { className: 'tap-note', textContent: 'tapped' }), ' ');
      li.append(
        el('span', {
          className: l.tapped ? 'pressed' : 'said',
          textContent: l.tapped ? `“${l.text}”` : l.text,
        }),
      );
      return li;
    }),
  );
  if (atBottom) box.scrollTop = box.scrollHeight;
  const open = c.status === 'queued' || isMine(c);
  if (!open) $('reply-text').value = '';
  $('reply-text').disabled = !open;
  $('reply').querySelector('button').disabled = !open;
  $('reply-text').placeholder = open
    ? 'Write to the user'
    : c.status === 'claimed'
      ? `${c.claimedBy} has this case`
      : 'This case is over';
}

function draw() {
  const list = $('cases');
  const focused = document.activeElement;
  const items = state.cases.map((c) => {
    let item = drawn.get(c.id);
    if (!item) {
      const li = el('li');
      li.dataset.caseId = c.id;
      const open = el('button', {
        type: 'button',
        className: 'open-thread',
        textContent: 'Open conversation',
        onclick: () => select(c.id, { reveal: true }),
      });
      item = {
        li,
        body: el('div', { className: 'case-body' }),
        actions: el('div', { className: 'case-actions' }),
        open,
      };
      li.append(item.body, item.actions, open);
      drawn.set(c.id, item);
    }
    const bodyKey = JSON.stringify(c.card);
    if (item.bodyKey !== bodyKey) {
      item.body.replaceChildren(...cardBody(c));
      item.bodyKey = bodyKey;
    }
    const actionsKey = JSON.stringify([c.status, isMine(c), c.card.actions]);
    if (item.actionsKey !== actionsKey) {
      item.actions.replaceChildren(...cardActions(c));
      item.actionsKey = actionsKey;
    }
    const selected = c.id === state.selected;
    item.li.className = selected ? 'selected' : '';
    item.open.setAttribute('aria-describedby', `case-${c.id}-title`);
    if (selected) item.li.setAttribute('aria-current', 'true');
    else item.li.removeAttribute('aria-current');
    return item.li;
  });
  const ids = new Set(state.cases.map((c) => c.id));
  for (const id of [...drawn.keys()]) if (!ids.has(id)) drawn.delete(id);
  const order = items.map((li) => li.dataset.caseId).join(' ');
  const shown = [...list.children].map((li) => li.dataset.caseId).join(' ');
  if (order !== shown) {
    list.replaceChildren(...items);
    if (focused instanceof HTMLElement && focused !== document.activeElement && focused.isConnected)
      focused.focus({ preventScroll: true });
  }
  $('empty').hidden = state.cases.length > 0;
  $('count').textContent = `(${state.cases.filter((c) => c.status === 'queued').length} waiting)`;
  drawThread();
}

async function refresh() {
  if (state.busy) return;
  state.busy = true;
  try {
    const { cases } = await api('/cases');
    const changed = JSON.stringify(cases) !== JSON.stringify(state.cases);
    state.cases = cases;
    // A note can only go with a case this agent still holds; one that ended elsewhere loses its draft.
    for (const id of [...state.notes.keys()]) {
      const c = cases.find((x) => x.id === id);
      if (!c || !isMine(c)) forgetNote(id);
    }
    if (changed) draw();
  } catch (err) {
    status(err.message);
  } finally {
    state.busy = false;
  }
}

$('reply').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('reply-text').value.trim();
  const agent = me();
  const caseId = state.selected;
  if (!text || !agent || !caseId) return;
  try {
    await api(`/cases/${encodeURIComponent(caseId)}/messages`, { ...said(agent), text });
    if (state.selected === caseId) $('reply-text').value = '';
    status('');
  } catch (err) {
    status(err.message);
  }
  await refresh();
});

async function refreshInsights() {
  try {
    const i = await api('/insights?days=30');
    const pct = (r) => `${Math.round(r * 100)}%`;
    const figures = [
      ['Conversations', String(i.conversations)],
      ['Fixed by the bot', `${i.resolved} (${pct(i.resolutionRate)})`],
      ['Handed to a person', `${i.handoffs} (${pct(i.escalationRate)})`],
    ];
    $('insights-numbers').replaceChildren(
      ...figures.map(([label, value]) =>
        el('div', {}, el('dt', { textContent: label }), el('dd', { textContent: value })),
      ),
    );
    const codes = i.topCodes.slice(0, 5);
    $('insights-codes').replaceChildren(
      ...(codes.length ? codes : [{ key: 'none yet', count: 0 }]).map((c) =>
        el('li', { textContent: c.count ? `${c.key} (${c.count})` : c.key }),
      ),
    );
  } catch {
    // The queue matters more; the numbers come back with the next refresh.
  }
}

whoAmI().then(refresh);
refreshInsights();
setInterval(refresh, 2000);
setInterval(refreshInsights, 30_000);
