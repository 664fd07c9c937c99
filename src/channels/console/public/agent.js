// The agent console page: polls the queue, renders each case card, and sends claim, messages, hand-back and close.
const $ = (id) => document.getElementById(id);
const state = { cases: [], selected: sessionStorage.getItem('vpnbot-agent-selected') || '', busy: false };
const agentInput = $('agent');
agentInput.value = localStorage.getItem('vpnbot-agent-name') || '';
agentInput.addEventListener('change', () =>
  localStorage.setItem('vpnbot-agent-name', agentInput.value.trim()),
);
$('token').value = sessionStorage.getItem('vpnbot-agent-token') || '';
$('token').addEventListener('change', () => {
  sessionStorage.setItem('vpnbot-agent-token', $('token').value);
  refresh();
});

const status = (text) => {
  $('status').textContent = text;
};

async function api(path, body) {
  const headers = { accept: 'application/json' };
  const token = $('token').value;
  if (token) headers.authorization = `Bearer ${token}`;
  if (body) headers['content-type'] = 'application/json';
  const res = await fetch(`/agent/api${path}`, {
    method: body ? 'POST' : 'GET',
    headers,
    body: body && JSON.stringify(body),
  });
  if (res.status === 401) $('token-box').hidden = false;
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.error || `The server answered ${res.status}`);
  return json;
}

function me() {
  const name = agentInput.value.trim();
  if (!name) {
    status('Type your name first.');
    agentInput.focus();
  }
  return name;
}

async function act(caseId, op, extra = {}) {
  const agent = me();
  if (!agent) return;
  try {
    await api(`/cases/${encodeURIComponent(caseId)}/${op}`, { agent, ...extra });
    status('');
    if (op === 'claim') select(caseId);
  } catch (err) {
    status(err.message);
  }
  await refresh();
}

function renderCard(c) {
  const card = new window.AdaptiveCards.AdaptiveCard();
  card.onExecuteAction = (action) => {
    const data = action.data?.vpnbot;
    if (data?.type !== 'command') return;
    if (data.command === 'case.claim') act(c.id, 'claim');
    if (data.command === 'case.return') act(c.id, 'return');
    if (data.command === 'case.close') act(c.id, 'close', { note: $('close-note').value.trim() });
  };
  card.parse(c.card);
  return card.render();
}

function select(id) {
  state.selected = id;
  sessionStorage.setItem('vpnbot-agent-selected', id);
  draw();
}

function drawThread() {
  const c = state.cases.find((x) => x.id === state.selected);
  $('thread').hidden = !c;
  if (!c) return;
  $('thread-title').textContent = `Conversation ${c.id}`;
  const lines = $('lines');
  const atBottom = lines.scrollTop + lines.clientHeight >= lines.scrollHeight - 8;
  lines.replaceChildren(
    ...c.lines.map((l) => {
      const li = document.createElement('li');
      li.className = l.from;
      if (l.from !== 'system') {
        const who = document.createElement('span');
        who.className = 'who';
        who.textContent =
          l.from === 'user' ? l.name || 'User' : l.from === 'agent' ? l.name || 'Agent' : 'Bot';
        li.append(who);
      }
      li.append(document.createTextNode(l.text));
      return li;
    }),
  );
  if (atBottom) lines.scrollTop = lines.scrollHeight;
  const mine = c.status === 'claimed' && c.claimedBy === agentInput.value.trim();
  const open = c.status === 'queued' || mine;
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
  list.replaceChildren(
    ...state.cases.map((c) => {
      const li = document.createElement('li');
      li.dataset.caseId = c.id;
      li.className = c.id === state.selected ? 'selected' : '';
      li.append(renderCard(c));
      const open = document.createElement('button');
      open.type = 'button';
      open.className = 'open-thread';
      open.textContent = 'Open conversation';
      open.addEventListener('click', () => select(c.id));
      li.append(open);
      return li;
    }),
  );
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
  if (!text || !agent || !state.selected) return;
  try {
    await api(`/cases/${encodeURIComponent(state.selected)}/messages`, { agent, text });
    $('reply-text').value = '';
    status('');
  } catch (err) {
    status(err.message);
  }
  await refresh();
});
$('close').addEventListener('submit', (event) => event.preventDefault());

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
      ...figures.map(([label, value]) => {
        const div = document.createElement('div');
        const dt = document.createElement('dt');
        const dd = document.createElement('dd');
        dt.textContent = label;
        dd.textContent = value;
        div.append(dt, dd);
        return div;
      }),
    );
    const codes = i.topCodes.slice(0, 5);
    $('insights-codes').replaceChildren(
      ...(codes.length ? codes : [{ key: 'none yet', count: 0 }]).map((c) => {
        const li = document.createElement('li');
        li.textContent = c.count ? `${c.key} (${c.count})` : c.key;
        return li;
      }),
    );
  } catch {
    // The queue matters more; the numbers come back with the next refresh.
  }
}

function boot() {
  if (!window.AdaptiveCards) return setTimeout(boot, 50);
  refresh();
  refreshInsights();
  setInterval(refresh, 2000);
  setInterval(refreshInsights, 30_000);
}
boot();
