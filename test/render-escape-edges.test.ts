// Escaping at its edges (issue 12, found by mutation testing): every line end and control character typed or
// pasted, where long text is cut, markup that only looks harmless, and which links a card may open.
import { describe, expect, it } from 'vitest';
import {
  cleanText,
  DEFAULT_MAX_LENGTH,
  escapeMarkdownForAdaptive,
  escapeSlackCode,
  escapeSlackMrkdwn,
  ZWSP,
} from '../src/render/escape.ts';
import { safeUrl } from '../src/render/safe-url.ts';

describe('cleanText: what reaches a card or a message', () => {
  it.each<[string, string, string]>([
    // [what it is, typed, shown]
    ['an old Mac line end', 'one\rtwo', 'one\ntwo'],
    ['Unicode line and paragraph separators', 'one\u2028two\u2029three', 'one\ntwo\nthree'],
    ['vertical tab, form feed, shift-out, unit separator', 'a\u000Bb\u000Cc\u000Ed\u001Fe', 'abcde'],
    ['C1 controls (a no-break space stays)', 'a\u0080b\u009Fc\u00A0d', 'abc\u00A0d'],
    ['bidi embeddings, isolates and a byte-order mark', 'a\u202Ab\u2066c\u2069d\uFEFFe', 'abcde'],
    ['a lone low surrogate first', '\uDC00a', '\uFFFDa'],
    ['a lone high surrogate last', 'a\uD800', 'a\uFFFD'],
    ['an emoji (a surrogate pair)', 'ok \uD83D\uDE00', 'ok \uD83D\uDE00'],
    ['a lone high surrogate before an emoji', '\uD800\uD83D\uDE00', '\uFFFD\uD83D\uDE00'],
    ['a lone low surrogate after an emoji', '\uD83D\uDE00\uDC00', '\uD83D\uDE00\uFFFD'],
  ])('%s', (_, typed, shown) => {
    expect(cleanText(typed)).toBe(shown);
  });

  it.each<[string, number, string]>([
    // [typed, longest allowed, shown]
    ['abcde', 5, 'abcde'],
    ['abcdef', 1, '…'],
    ['abcdef', 0, ''],
    ['x'.repeat(100), 50, `${'x'.repeat(49)}…`],
    [`${'x'.repeat(40)}😀${'y'.repeat(40)}`, 42, `${'x'.repeat(40)}…`],
    // A word boundary is used when it keeps at least 80 % of the room (here 8 of 10 characters).
    ['abcdefgh ijklmnop', 11, 'abcdefgh…'],
    ['abcdefg hijklmnop', 11, 'abcdefg hi…'],
    ['ab cdefghijklmnop', 11, 'ab cdefghi…'],
    ['abcdefg  hijk', 11, 'abcdefg…'],
    ['abcdefghijklmnop qrstuvwxyz', 21, 'abcdefghijklmnop…'],
  ])('%j cut to %i is %j', (typed, max, shown) => {
    expect(cleanText(typed, max)).toBe(shown);
  });

  it.each<[string, number, string, string]>([
    ['abcdef', 1, '...', '.'],
    ['abcdef', 2, '...', '..'],
    ['abcdefghij', 8, '...', 'abcde...'],
  ])('%j cut to %i with %j is %j', (typed, max, ellipsis, shown) => {
    expect(cleanText(typed, max, ellipsis)).toBe(shown);
  });

  it('keeps 4000 characters by default and cuts the 4001st', () => {
    expect(DEFAULT_MAX_LENGTH).toBe(4000);
    expect(cleanText('x'.repeat(4000))).toBe('x'.repeat(4000));
    expect(cleanText('x'.repeat(4001))).toBe(`${'x'.repeat(3999)}…`);
  });
});

describe('Adaptive Card and Teams markdown', () => {
  it.each<[string, string]>([
    ['&#60;script&#x3E;', '\\&#60;script\\&#x3E;'],
    ['a & b; c', 'a & b; c'],
    ['<?php echo 1 ?>', `<${ZWSP}?php echo 1 ?>`],
    ['a < b', 'a < b'],
    ['12. twelfth', '12\\. twelfth'],
    ['123456789) nine digits', '123456789\\) nine digits'],
    ['1234567890. ten digits', '1234567890. ten digits'],
    ['+ plus\n= equals\n| pipe', '\\+ plus\n\\= equals\n\\| pipe'],
    ['  # indented', '\u00A0\u00A0\\# indented'],
    ['\t- tabbed', '\u00A0\\- tabbed'],
    ['a\n  b', 'a\n\u00A0\u00A0b'],
    ['see [x](y) and ]( alone', 'see \\[x\\]\\(y) and \\]\\( alone'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax a user typed is the input
    ['{{a}} and ${b} and {x} and $y', `{${ZWSP}{a}} and $${ZWSP}{b} and {x} and $y`],
  ])('%j is escaped as %j', (typed, escaped) => {
    expect(escapeMarkdownForAdaptive(typed)).toBe(escaped);
  });
});

describe('Slack mrkdwn and code blocks', () => {
  it.each<[string, string]>([
    ['  > indented quote', `  ${ZWSP}&gt; indented quote`],
    ['first\n> second', `first\n${ZWSP}&gt; second`],
    ['a > b', 'a &gt; b'],
    ['snake_case_name', 'snake_case_name'],
    ['x~y`z', 'x~y`z'],
    ['_', `${ZWSP}_${ZWSP}`],
    ['é_é', 'é_é'],
    ['1_2', '1_2'],
  ])('escapeSlackMrkdwn(%j) is %j', (typed, escaped) => {
    expect(escapeSlackMrkdwn(typed)).toBe(escaped);
  });

  it('a single backtick in code stays; & is an entity', () => {
    expect(escapeSlackCode('a ` b & c')).toBe('a ` b &amp; c');
  });
});

describe('links a card may open', () => {
  const longest = `https://vpn.example.com/${'a'.repeat(2000 - 24)}`;
  it.each<[string, string | undefined]>([
    ['https://vpn.example.com/help', 'https://vpn.example.com/help'],
    ['http://intranet.example/x', 'http://intranet.example/x'],
    ['javascript:alert(1)', undefined],
    ['data:text/html,<b>x</b>', undefined],
    ['ftp://files.example.com/', undefined],
    ['file:///etc/passwd', undefined],
    ['/relative/path', undefined],
    [' https://vpn.example.com/', undefined],
    ['https://vpn.example.com/a b', undefined],
    ['https://vpn.example.com/\u0000', undefined],
    ['https://vpn.example.com/\u001F', undefined],
    ['https://vpn.example.com/\u007F', undefined],
    [longest, longest],
    [`${longest}a`, undefined],
  ])('%j opens %j', (url, opened) => {
    expect(safeUrl(url)).toBe(opened);
  });

  it('a caller may set a shorter limit', () => {
    expect(safeUrl('https://x.example/abc', 21)).toBe('https://x.example/abc');
    expect(safeUrl('https://x.example/abcd', 21)).toBeUndefined();
  });
});
