// The console's "Undelivered messages": deliveries the bot gave up on, with Retry and Discard for each. Every
// string from the server goes into the page as text (textContent), never as markup.
import { api, el } from './console-api.js';

const $ = (id) => document.getElementById(id);
const REFRESH_MS = 15_000;
let busy = false;
/** The item whose Discard asks "for good?", if any. */
let confirming;

const say = (text) => {
  $('status').textContent = text;
};

const ago = (at) => {
  const minutes = Math.round((Date.now() - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 90) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 36 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
};
const when = (at) =>
  `${new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })} (${ago(at)})`;

async function act(item, op) {
  confirming = undefined;
  try {
    await api(`/dead-letters/${item.id}/${op}`, { agent: $('agent')?.value.trim() || undefined });
    say(op === 'retry' ? 'Sent to be tried again.' : 'Discarded.');
  } catch (err) {
    say(err.message);
  }
  await refresh();
  $('undelivered-title').focus({ preventScroll: true });
}

function buttons(item, titleId) {
  const button = (label, onclick, className = 'action') =>
    el('button', { type: 'button', className, textContent: label, onclick });
  const row =
    confirming === item.id
      ? [
          el('span', { className: 'confirm', textContent: 'Discard this message for good?' }),
          button('Discard', () => act(item, 'discard'), 'action danger'),
          button('Keep', () => {
            confirming = undefined;
            draw();
          }),
        ]
      : [
          button('Retry', () => act(item, 'retry'), 'action primary'),
          button('Discard', () => {
            confirming = item.id;
            draw();
            document.querySelector(`[data-dead-letter="${item.id}"] .danger`)?.focus();
          }),
        ];
  for (const b of row) if (b.tagName === 'BUTTON') b.setAttribute('aria-describedby', titleId);
  return el('div', { className: 'buttons' }, ...row);
}

function itemNode(item) {
  const titleId = `dead-letter-${item.id}-title`;
  const facts = [
    ['To', item.to],
    ...(item.caseId ? [] : [['Case', 'none']]),
    ['Tried', `${item.attempts} time${item.attempts === 1 ? '' : 's'}`],
    ['Gave up', when(item.deadAt)],
    ['Last error', item.lastError || 'unknown'],
  ];
  const li = el(
    'li',
    {},
    el('h3', { id: titleId, textContent: item.caseId ? `${item.what} · ${item.caseId}` : item.what }),
    el(
      'dl',
      { className: 'facts' },
      ...facts.map(([label, value]) =>
        el('div', {}, el('dt', { textContent: label }), el('dd', { textContent: value })),
      ),
    ),
    ...(item.preview ? [el('p', { className: 'preview', textContent: `“${item.preview}”` })] : []),
    buttons(item, titleId),
  );
  li.dataset.deadLetter = String(item.id);
  return li;
}

let shown = { items: [], pending: 0, dead: 0 };

function draw() {
  const { items, pending, dead } = shown;
  $('undelivered-count').textContent = dead ? `(${dead})` : '';
  const sending = pending
    ? ` ${pending}${dead ? ' other' : ''} message${pending === 1 ? ' is' : 's are'} still being tried.`
    : '';
  $('undelivered-summary').textContent = dead
    ? `The bot gave up on ${dead === 1 ? 'this message' : `these ${dead} messages`}. ` +
      `Retry once the channel works again, or discard.${sending}`
    : `Nothing undelivered.${sending}`;
  $('undelivered-list').replaceChildren(...items.map(itemNode));
  const alert = $('undelivered-alert');
  alert.hidden = !dead;
  $('undelivered-alert-count').textContent = String(dead);
}

async function refresh() {
  if (busy) return;
  busy = true;
  try {
    const next = await api('/dead-letters');
    if (JSON.stringify(next) !== JSON.stringify(shown)) {
      shown = next;
      if (!shown.items.some((i) => i.id === confirming)) confirming = undefined;
      draw();
    }
  } catch {
    // The queue's own refresh says when the console cannot be reached.
  } finally {
    busy = false;
  }
}

refresh();
setInterval(refresh, REFRESH_MS);
