// The web chat page: sends what the user types or taps to /web/api/turn and shows the bot's replies, cards
// rendered by the adaptivecards SDK. No framework, no build step.
import { hostConfig } from './host-config.js';
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
    card.parse(json);
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

function notice(text) {
  const li = item('note');
  li.textContent = text;
  return li;
}

/** The list item for one transcript entry. */
function entryItem(entry) {
  if (entry.card) return cardItem(entry.card);
  if (entry.from === 'user') {
    const li = textBubble('user', '');
    li.firstChild.textContent = entry.text;
    return li;
  }
  return textBubble('bot', markdownToHtml(entry.text ?? ''));
}

function scrollToLatest(firstNew) {
  const { scroller } = ui;
  const tall = firstNew && scroller.scrollHeight - firstNew.offsetTop > scroller.clientHeight;
  if (tall) firstNew.scrollIntoView({ block: 'start' });
  else scroller.scrollTop = scroller.scrollHeight;
}

/** Shows entries (and remembers them unless `replaying`). */
function show(entries, { replaying = false } = {}) {
  const items = entries.map(entryItem);
  ui.log.append(...items);
  if (replaying) {
    ui.scroller.scrollTop = ui.scroller.scrollHeight;
    return;
  }
  transcript.entries.push(...entries);
  saveTranscript(transcript);
  scrollToLatest(items.find((li) => li.classList.contains('bot')));
}

function setBusy(value) {
  busy = value;
  ui.send.disabled = value;
  ui.restart.disabled = value;
  ui.typing.hidden = !value;
  ui.log.setAttribute('aria-busy', String(value));
  if (value) ui.scroller.scrollTop = ui.scroller.scrollHeight;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Posts one turn (or a picture); resolves with the replies, or undefined when the bot could not be reached. */
async function post(payload) {
  const requestId = randomId();
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
      return replies?.length ? replies : undefined;
    } catch {
      if (attempt === 2) return undefined;
      await sleep(RETRY_DELAY_MS);
    }
  }
  return undefined;
}

/** Runs one turn: shows what the user said (if anything), then the bot's replies or a short error line. */
async function turn(payload, userText) {
  if (busy) return;
  if (userText) show([{ from: 'user', text: userText }]);
  setBusy(true);
  const replies = await post(payload);
  setBusy(false);
  if (!replies) {
    ui.log.append(notice(UNREACHABLE));
    scrollToLatest();
    return;
  }
  show(entriesOf(replies));
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

/** Fetches messages that arrived outside a turn (a help-desk agent writing) and shows them. */
async function poll() {
  if (busy || document.hidden) return;
  const query = `conversationId=${encodeURIComponent(transcript.conversationId)}&after=${transcript.inboxAfter ?? 0}`;
  try {
    const res = await fetch(`${INBOX_URL}?${query}`, { headers: { Accept: 'application/json' } });
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

ui.restart.addEventListener('click', () => {
  if (busy) return;
  transcript = resetTranscript();
  ui.log.replaceChildren();
  ui.input.focus();
  void turn({ welcome: true });
});

if (transcript.entries.length) show(transcript.entries, { replaying: true });
else void turn({ welcome: true });
ui.input.focus();
