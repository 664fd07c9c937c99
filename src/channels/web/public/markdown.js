// The small, safe markdown subset the bot's Adaptive Card text uses: backslash escapes, **bold** and
// paragraphs. Everything else is shown as typed; the output is HTML with every character of input escaped.

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
const PUNCTUATION = /[!-/:-@[-`{-~]/;

/** Splits one paragraph into literal text and `**` bold markers, honouring backslash escapes. */
function tokens(paragraph) {
  const out = [];
  let text = '';
  for (let i = 0; i < paragraph.length; i++) {
    const c = paragraph[i];
    const next = paragraph[i + 1];
    if (c === '\\' && next !== undefined && PUNCTUATION.test(next)) {
      text += next;
      i++;
    } else if (c === '*' && next === '*') {
      out.push(text, null);
      text = '';
      i++;
    } else {
      text += c;
    }
  }
  out.push(text);
  return out;
}

/** HTML for one paragraph; a `**` without a partner is shown as typed. */
function paragraphHtml(paragraph) {
  const parts = tokens(paragraph);
  const markers = parts.filter((p) => p === null).length;
  let html = '';
  let open = false;
  let seen = 0;
  for (const part of parts) {
    if (part !== null) {
      html += escapeHtml(part).replace(/\n/g, '<br>');
      continue;
    }
    seen++;
    if (!open && seen === markers) html += '**';
    else {
      html += open ? '</strong>' : '<strong>';
      open = !open;
    }
  }
  return html;
}

/** Safe HTML for the bot's markdown: `<p>` per paragraph, `<strong>` for bold, all other text escaped. */
export function markdownToHtml(markdown) {
  return String(markdown)
    .split(/\n{2,}/)
    .filter((p) => p.length > 0)
    .map((p) => `<p>${paragraphHtml(p)}</p>`)
    .join('');
}
