// The page's memory across reloads: the conversation id and what was shown, in localStorage. The bot's
// state lives on the server; this only lets a reloaded page show the conversation again and continue it.

const KEY = 'vpnbot.webchat.v1';
const MAX_ENTRIES = 200;
const ID = /^[A-Za-z0-9_-]{8,64}$/;

/** A new random id the API accepts (getRandomValues works on plain http too, unlike randomUUID). */
export function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function read() {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (saved && ID.test(saved.conversationId) && Array.isArray(saved.entries)) return saved;
  } catch {
    // A broken or foreign value: start a new conversation.
  }
  return undefined;
}

/**
 * The saved transcript, or a new empty one: `{ conversationId, entries, isNew }`, where each entry is
 * `{ from: 'user' | 'bot', text }` or `{ from: 'bot', card }`.
 */
export function loadTranscript() {
  const saved = read();
  if (saved)
    return {
      conversationId: saved.conversationId,
      entries: saved.entries,
      inboxAfter: Number.isSafeInteger(saved.inboxAfter) ? saved.inboxAfter : 0,
      isNew: false,
    };
  return { conversationId: randomId(), entries: [], inboxAfter: 0, isNew: true };
}

/** Saves the transcript, keeping the latest entries; a full or blocked storage only loses the redisplay. */
export function saveTranscript(transcript) {
  const entries = transcript.entries.slice(-MAX_ENTRIES);
  transcript.entries = entries;
  try {
    const { conversationId, inboxAfter = 0 } = transcript;
    localStorage.setItem(KEY, JSON.stringify({ conversationId, entries, inboxAfter }));
  } catch {
    // Storage full or disabled: the chat still works, a reload just starts over.
  }
}

/** Forgets the saved transcript and returns a fresh one with a new conversation id. */
export function resetTranscript() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing to forget.
  }
  return { conversationId: randomId(), entries: [], inboxAfter: 0, isNew: true };
}
