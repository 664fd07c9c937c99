// TwiML, the XML a Twilio-style provider reads from a webhook's answer: one <Message> per SMS to send back.

/** `text` with the five XML special characters escaped, safe inside an element or an attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

/** The TwiML document that sends `messages` in order; no messages gives the empty `<Response/>` (say nothing). */
export function twiml(messages: readonly string[]): string {
  const head = '<?xml version="1.0" encoding="UTF-8"?>';
  if (!messages.length) return `${head}<Response/>`;
  return `${head}<Response>${messages.map((m) => `<Message>${escapeXml(m)}</Message>`).join('')}</Response>`;
}
