// The web chat page: sends what the user types or taps to /web/api/turn and shows the bot's replies, cards
// rendered by the adaptivecards SDK. No framework, no build step.
import { evenChoices, hostConfig } from './host-config.js';
import { markdownToHtml } from './markdown.js';
import { loadTranscript, randomId, resetTranscript, saveTranscript } from './transcript.js';

const TURN_URL = '/web/api/turn';
const PICTURE_URL = '/web/api/picture';
const MAX_PICTURE_BYTES = 5 * 1024 * 1024;
const PICTURE_SENT = 'Photo of the error';
const PICTURE_TOO_BIG = 'That picture is over 5 MB — try a screenshot, or type the number.';
const INBOX_URL = '/web/api/inbox';
const POLL_MS = 3000;
const RETRY_DELAY_MS = 1000;
const UNREACHABLE = 'Couldn’t reach the bot — try again.';
const NOT_SENT = 'Not sent';
const RETRY = 'Retry';
/** Under a message that got no answer of its own (it went to a help-desk agent): it arrived. */
const SENT = 'Sent';

const AC = window.AdaptiveCards;
const $ = (id) => document.getElementById(id);
const pictureInput = $('picture');
const ui = {
  log: $('log'),
  scroller: $('scroller'),
  typing: $('typing'),
  form: $('composer'),
  input: $('input'),
  send: $('send'),
  restart: $('restart'),
  confirm: $('confirm-restart'),
  confirmYes: $('restart-yes'),
  confirmCancel: $('restart-cancel'),
};

const finePointer = window.matchMedia('(pointer: fine)');
let transcript = loadTranscript();
let busy = false;

AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = markdownToHtml(text);
  result.didProcess = true;
};
const acHostConfig = new AC.HostConfig(hostConfig);

function item(from, extraClass) {
  const li = document.createElement('li');
  li.className = `msg ${from}${extraClass ? ` ${extraClass}` : ''}`;
  return li;
}

function textBubble(from, html) {
  const li = item(from);
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  bubble.innerHTML = html;
  li.append(bubble);
  return li;
}

function openLink(url) {
  if (!/^https?:\/\//i.test(url)) return;
  const a = document.createElement('a');
  a.href = url;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.click();
}

function onExecuteAction(action) {
  if (action instanceof AC.OpenUrlAction) openLink(action.url);
  else if (action instanceof AC.SubmitAction) void turn({ action: action.data }, action.title);
}

function cardItem(json) {
  const li = item('bot', 'card');
  const card = new AC.AdaptiveCard();
  card.hostConfig = acHostConfig;
  card.onExecuteAction = onExecuteAction;
  try {
    card.parse(evenChoices(json));
    const rendered = card.render();
    if (!rendered) throw new Error('card did not render');
    li.append(rendered);
  } catch {
    const fallback =
      typeof json?.fallbackText === 'string' ? json.fallbackText : 'This card could not be shown.';
    return textBubble('bot', markdownToHtml(fallback));
  }
  return li;
}

function notice(text, extraClass) {
  const li = item('note', extraClass);
  li.textContent = text;
  return li;
}

/** The list item for one transcript entry. */
function entryItem(entry) {
  if (entry.card) return cardItem(entry.card);
  if (entry.from === 'user') {
    const li = textBubble('user', '');
    li.firstChild.textContent = entry.text;
    showStatus(entry, li);
    return li;
  }
  return textBubble('bot', markdownToHtml(entry.text ?? ''));
}

/**
 * What became of a user's message, on its bubble: `sending` (faded), `sent` ("Sent" only when no answer came
 * back, as when an agent has the case) or `failed` ("Not sent" and a Retry button). An entry saved while its
 * turn was under way (the page closed meanwhile) is not known to have arrived: it shows as not sent.
 */
function showStatus(entry, li) {
  const status = entry.status === 'sending' && !inFlight.has(entry) ? 'failed' : (entry.status ?? 'sent');
  li.dataset.status = status;
  li.querySelector('.status')?.remove();
  const label = status === 'failed' ? NOT_SENT : status === 'sent' && entry.receipt ? SENT : '';
  if (!label) return;
  const line = document.createElement('p');
  line.className = 'status';
  line.textContent = label;
  const payload = retryPayload(entry);
  if (status === 'failed' && payload) {
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.className = 'retry';
    retry.textContent = RETRY;
    retry.setAttribute('aria-label', `${RETRY}: ${entry.text}`);
    retry.addEventListener('click', () => {
      if (!busy) void turn(payload, { entry, li });
    });
    line.append(' ', retry);
  }
  li.append(line);
}

/** Unsent entries whose turn is still under way in this page (anything else marked `sending` is lost). */
const inFlight = new WeakSet();
/** Pictures not sent, kept for a retry while the page is open (a File is not saved with the transcript). */
const unsentPictures = new WeakMap();

/** What to post again for a message that was not sent: its text or button, or the picture still in memory. */
function retryPayload(entry) {
  if (entry.action) return { action: entry.action };
  if (unsentPictures.has(entry)) return { picture: unsentPictures.get(entry) };
  if (!entry.picture && typeof entry.text === 'string') return { text: entry.text };
  return undefined;
}

function scrollToLatest(firstNew) {
  const { scroller } = ui;
  const tall = firstNew && scroller.scrollHeight - firstNew.offsetTop > scroller.clientHeight;
  if (tall) firstNew.scrollIntoView({ block: 'start' });
  else scroller.scrollTop = scroller.scrollHeight;
}

/** Shows entries (and remembers them unless `replaying`); returns their list items. */
function show(entries, { replaying = false } = {}) {
  const items = entries.map(entryItem);
  ui.log.append(...items);
  if (replaying) {
    ui.scroller.scrollTop = ui.scroller.scrollHeight;
    return items;
  }
  transcript.entries.push(...entries);
  saveTranscript(transcript);
  scrollToLatest(items.find((li) => li.classList.contains('bot')));
  return items;
}

function setBusy(value) {
  busy = value;
  ui.send.disabled = value;
  ui.restart.disabled = value;
  ui.typing.hidden = !value;
  ui.log.parentElement.setAttribute('aria-busy', String(value));
  if (value) ui.scroller.scrollTop = ui.scroller.scrollHeight;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Posts one turn (or a picture) under `requestId` (the same id on a retry, so the server answers it once).
 * Resolves with `{ ok: true, replies }` when the bot took it (a 2xx; a message to an agent, or one the server had
 * seen, is answered with no replies), or `{ ok: false, said, answered }`: `said` is the bot's own short line
 * when it sent one, `answered` whether the server answered at all (a refusal) rather than being out of reach.
 */
async function post(payload, requestId) {
  const picture = payload.picture;
  const url = picture
    ? `${PICTURE_URL}?conversationId=${encodeURIComponent(transcript.conversationId)}`
    : TURN_URL;
  const body = picture ?? JSON.stringify({ conversationId: transcript.conversationId, ...payload });
  const type = picture ? picture.type || 'application/octet-stream' : 'application/json';
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': type, 'X-Request-Id': requestId },
        body,
      });
      const answer = await res.json().catch(() => undefined);
      const replies = Array.isArray(answer?.replies) ? answer.replies : undefined;
      if (res.ok && replies) return { ok: true, replies };
      const said = entriesOf(replies ?? []).find((e) => typeof e.text === 'string')?.text;
      return { ok: false, said, answered: true };
    } catch {
      if (attempt === 2) return { ok: false, answered: false };
      await sleep(RETRY_DELAY_MS);
    }
  }
  return { ok: false, answered: false };
}

/** Marks a user entry (and its bubble) with what became of it, and saves the transcript. */
function setStatus(entry, li, status, extra = {}) {
  Object.assign(entry, { status, ...extra });
  if (status === 'sending') inFlight.add(entry);
  else inFlight.delete(entry);
  if (status === 'sent') {
    delete entry.requestId;
    delete entry.action;
    unsentPictures.delete(entry);
  }
  showStatus(entry, li);
  saveTranscript(transcript);
}

/**
 * Runs one turn: shows what the user said (`said`: a new message's text, or `{ entry, li }` of one being sent
 * again), then the bot's replies; when the turn did not go through, the message stays marked "Not sent" with
 * a Retry and a short line says why.
 */
async function turn(payload, said) {
  if (busy) return;
  let sent;
  if (typeof said === 'string') {
    const entry = { from: 'user', text: said, status: 'sending', requestId: randomId() };
    if (payload.action) entry.action = payload.action;
    if (payload.picture) {
      entry.picture = true;
      unsentPictures.set(entry, payload.picture);
    }
    inFlight.add(entry);
    sent = { entry, li: show([entry])[0] };
  } else if (said) {
    sent = said;
    setStatus(sent.entry, sent.li, 'sending');
  }
  setBusy(true);
  const answer = await post(payload, sent?.entry.requestId ?? randomId());
  setBusy(false);
  if (!answer.ok) {
    // A refusal means the server did not keep the message: a retry is a new request. Out of reach, it may
    // have arrived: the retry keeps its id, so the server takes it once.
    if (sent) setStatus(sent.entry, sent.li, 'failed', answer.answered ? { requestId: randomId() } : {});
    ui.log.append(notice(answer.said ?? UNREACHABLE, 'failure'));
    scrollToLatest();
    return;
  }
  // The bot is reachable again: an earlier "couldn't reach" line would now mislead.
  for (const old of ui.log.querySelectorAll('.msg.note.failure')) old.remove();
  const entries = entriesOf(answer.replies);
  if (sent) setStatus(sent.entry, sent.li, 'sent', { receipt: entries.length === 0 });
  if (entries.length) show(entries);
  else scrollToLatest();
  if (finePointer.matches) ui.input.focus();
}

/** Transcript entries for the replies the API sent (cards and texts; anything else is dropped). */
function entriesOf(replies) {
  return replies.flatMap((r) => {
    if (r && typeof r.card === 'object') return [{ from: 'bot', card: r.card }];
    if (r && typeof r.text === 'string') return [{ from: 'bot', text: r.text }];
    return [];
  });
}

/** Until when polling rests after the server said "too many" (429): as long as its Retry-After asks, else a minute. */
let pollRestUntil = 0;

/** Fetches messages that arrived outside a turn (a help-desk agent writing) and shows them. */
async function poll() {
  if (busy || document.hidden || Date.now() < pollRestUntil) return;
  const query = `conversationId=${encodeURIComponent(transcript.conversationId)}&after=${transcript.inboxAfter ?? 0}`;
  try {
    const res = await fetch(`${INBOX_URL}?${query}`, { headers: { Accept: 'application/json' } });
    if (res.status === 429) {
      const seconds = Number(res.headers.get('Retry-After'));
      pollRestUntil = Date.now() + (Number.isFinite(seconds) && seconds > 0 ? seconds : 60) * 1000;
    }
    if (!res.ok) return;
    const { messages } = await res.json();
    if (!Array.isArray(messages) || !messages.length || busy) return;
    for (const message of messages) {
      if (!Number.isSafeInteger(message?.id) || message.id <= (transcript.inboxAfter ?? 0)) continue;
      transcript.inboxAfter = message.id;
      show(entriesOf(Array.isArray(message.replies) ? message.replies : []));
    }
  } catch {
    // Offline for a moment: the next poll catches up.
  }
}
setInterval(poll, POLL_MS);

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = ui.input.value.trim();
  ui.input.focus();
  if (!text || busy) return;
  ui.input.value = '';
  void turn({ text }, text);
});

pictureInput.addEventListener('change', () => {
  const [file] = pictureInput.files ?? [];
  pictureInput.value = '';
  if (!file || busy) return;
  if (file.size > MAX_PICTURE_BYTES) {
    ui.log.append(notice(PICTURE_TOO_BIG));
    scrollToLatest();
    return;
  }
  void turn({ picture: file }, PICTURE_SENT);
});

// "Start over" wipes the conversation on this screen, so it asks first, in the page: a modal dialog that
// takes the focus (Cancel first, the safe choice), closes with Escape and gives the focus back.
ui.restart.addEventListener('click', () => {
  if (busy || ui.confirm.open) return;
  ui.confirm.showModal();
  ui.confirmCancel.focus();
});

ui.confirmCancel.addEventListener('click', () => ui.confirm.close('cancel'));
ui.confirmYes.addEventListener('click', () => ui.confirm.close('restart'));
ui.confirm.addEventListener('close', () => {
  const confirmed = ui.confirm.returnValue === 'restart';
  ui.confirm.returnValue = '';
  if (!confirmed || busy) {
    ui.restart.focus();
    return;
  }
  transcript = resetTranscript();
  ui.log.replaceChildren();
  ui.input.focus();
  void turn({ welcome: true });
});

if (transcript.entries.length) show(transcript.entries, { replaying: true });
else void turn({ welcome: true });
ui.input.focus();
