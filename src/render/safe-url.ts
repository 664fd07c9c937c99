// Decides which link targets a card may open.

/** The URL when it is an absolute http(s) address of sane length, else undefined (javascript:, data:, relative…). */
export function safeUrl(url: string, maxLength = 2000): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a URL with control characters is refused
  if (url.length > maxLength || /[\s\u0000-\u001F\u007F]/.test(url)) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    if (!parsed.hostname) return undefined;
    return url;
  } catch {
    return undefined;
  }
}
