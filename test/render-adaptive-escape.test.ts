import { describe, expect, it } from 'vitest';
import type { ActionData, Card } from '../src/core/card.ts';
import { renderAdaptiveCard } from '../src/render/adaptive-card.ts';
import { cleanText, escapeMarkdownForAdaptive, ZWSP } from '../src/render/escape.ts';
import { validateAdaptiveCard } from './helpers/validate-adaptive.ts';

type Json = Record<string, unknown>;

const yes: ActionData = { type: 'choice', node: 'internet', choice: 'loads', turn: 3 };
const base: Card = {
  title: 'Did this fix it?',
  tone: 'info',
  summary: 'Did this fix it?',
  blocks: [],
  actions: [{ label: 'Yes', data: yes, style: 'primary' }],
};
const textCard = (text: string): Card => ({ summary: 'x', blocks: [{ kind: 'text', text }], actions: [] });
const bodyOf = (json: Json) => json.body as Json[];
const actionsOf = (json: Json) => (json.actions ?? []) as Json[];

/** Removes CommonMark backslash escapes and the invisible characters the escaper adds: what a reader sees. */
const shown = (markdown: string) =>
  markdown
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replaceAll(ZWSP, '')
    .replaceAll('\u00A0', ' ');

/** Markup that would still be live in escaped text: any hit is an injection. */
function liveMarkup(markdown: string): string[] {
  const bare = markdown.replace(/\\[!-/:-@[-`{-~]/g, '');
  const found: string[] = [];
  if (/[*_[\]`~\\]/.test(bare)) found.push('inline markup character');
  if (/\]\(/.test(markdown.replace(/\\\]\\\(/g, ''))) found.push('link');
  if (/\{\{|\$\{/.test(markdown)) found.push('template');
  if (/<[A-Za-z/!?]/.test(markdown)) found.push('tag, mention or autolink');
  if (/^ {0,3}([#>+=|-]|\d+[.)])/m.test(markdown)) found.push('block marker');
  if (/^ {4}/m.test(markdown)) found.push('indented code');
  // The exact patterns adaptivecards' text formatter expands (src/text-formatters.ts).
  if (/\{{2}(DATE|TIME)\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(markdown))
    found.push('DATE/TIME function');
  return found;
}

describe('escaping what a user typed', () => {
  it.each([
    ['bold', '**bold**', '\\*\\*bold\\*\\*'],
    ['a link', '[link](http://evil)', '\\[link\\]\\(http://evil)'],
    ['an image', '![x](http://evil/x.png)', '!\\[x\\]\\(http://evil/x.png)'],
    [
      'a DATE function',
      '{{DATE(2017-02-14T06:08:39Z, SHORT)}}',
      `{${ZWSP}{DATE(2017-02-14T06:08:39Z, SHORT)}}`,
    ],
    ['a TIME function', '{{TIME(2017-02-14T06:08:39Z)}}', `{${ZWSP}{TIME(2017-02-14T06:08:39Z)}}`],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax a user typed is the input
    ['a template expression', '${x}', `$${ZWSP}{x}`],
    ['a Teams mention', '<at>Admin</at>', `<${ZWSP}at>Admin<${ZWSP}/at>`],
    ['a Slack mention', '<!channel> 721', `<${ZWSP}!channel> 721`],
    ['an autolink', '<http://evil>', `<${ZWSP}http://evil>`],
    ['an entity', '&lt;b&gt;', '\\&lt;b\\&gt;'],
    ['a heading', '# Big', '\\# Big'],
    ['a quote', '> said', '\\> said'],
    ['a list item', '- item', '\\- item'],
    ['a numbered item', '1. first', '1\\. first'],
    ['indented code', '    code', '\u00A0\u00A0\u00A0\u00A0code'],
    ['italic, strike and code', '_i_ ~s~ `c`', '\\_i\\_ \\~s\\~ \\`c\\`'],
    ['a Windows user name', 'CONTOSO\\jdoe', 'CONTOSO\\\\jdoe'],
    ['ordinary text', "Error 721 – can't connect 😀", "Error 721 – can't connect 😀"],
    ['a hyphen inside a line', 'Test-NetConnection -Port 1723', 'Test-NetConnection -Port 1723'],
  ])('%s: %j becomes %j', (_, typed, escaped) => {
    expect(escapeMarkdownForAdaptive(typed)).toBe(escaped);
    expect(liveMarkup(escaped)).toEqual([]);
    expect(shown(escaped)).toBe(typed);
  });

  const nasty = [
    // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax a user typed is the input
    '**bold** _it_ ~~gone~~ `code` [a](http://evil) <at>x</at> {{DATE(2017-02-14T06:08:39Z, SHORT)}} ${x}',
    '# h\n> q\n- l\n+ l\n1. n\n2) n\n    code\n---\n===\n| a | b |',
    '[a]\\(b) \\*not\\* \\\\[x](y) [x]: http://ref',
    '<!channel> <@U123> <https://x|y> <script>alert(1)</script> <!-- c -->',
  ];
  // A fixed pseudo-random mix of the characters markdown cares about.
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const alphabet = '\\`*_{}[]()#+-.!<>|~&$:@ \n1aZ';
  for (let n = 0; n < 40; n++) {
    nasty.push(Array.from({ length: 30 }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''));
  }

  it.each(nasty)('leaves no live markup in %j and shows it unchanged', (typed) => {
    const escaped = escapeMarkdownForAdaptive(typed);
    expect(liveMarkup(escaped)).toEqual([]);
    expect(shown(escaped)).toBe(typed);
  });

  it.each([
    ['the title', (text: string): Card => ({ ...base, title: text })],
    ['a text', textCard],
    [
      'a step',
      (text: string): Card => ({ ...base, blocks: [{ kind: 'steps', title: text, items: [text] }] }),
    ],
    [
      'a fact',
      (text: string): Card => ({
        ...base,
        blocks: [{ kind: 'facts', items: [{ label: text, value: text }] }],
      }),
    ],
    ['code', (text: string): Card => ({ ...base, blocks: [{ kind: 'code', text }] })],
  ])('escapes user text in %s of a rendered card', (_, make) => {
    const typed = '[click](http://evil) <at>Admin</at> {{DATE(2017-02-14T06:08:39Z, SHORT)}}';
    const json = JSON.stringify(renderAdaptiveCard(make(typed)));
    expect(json).not.toContain('[click](');
    expect(json).not.toContain('<at>');
    expect(json).not.toContain('{{DATE');
    expect(validateAdaptiveCard(JSON.parse(json))).toEqual([]);
  });

  it.each([
    ['a NUL and a bell', 'a\u0000b\u0007c', 'abc'],
    ['an ANSI colour code', '\u001b[31mred', '[31mred'],
    ['a bidi override', 'abc\u202Eexe.txt', 'abcexe.txt'],
    ['Windows line ends', 'one\r\ntwo', 'one\ntwo'],
  ])('strips %s from card text', (_, typed, expected) => {
    expect(cleanText(typed)).toBe(expected);
    const body = bodyOf(renderAdaptiveCard(textCard(typed)));
    expect(shown(String(body[0]?.text)).replace('\n\n', '\n')).toBe(expected);
  });

  it('breaks template expressions in button titles', () => {
    const json = renderAdaptiveCard({
      ...base,
      actions: [{ label: '{{DATE(2017-02-14T06:08:39Z)}}', data: yes }],
    });
    expect(actionsOf(json)[0]?.title).toBe(`{${ZWSP}{DATE(2017-02-14T06:08:39Z)}}`);
  });
});
