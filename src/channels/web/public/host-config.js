// How Adaptive Cards look in the web chat: system font at phone-readable sizes, the bot's accent colours,
// choice buttons stacked full width so each is an easy tap, none of a question's answers dressed as the
// recommended one.

const text = (color, subtle = color) => ({ default: color, subtle });
const foregroundColors = {
  default: text('#1f2328', '#57606a'),
  dark: text('#1f2328', '#57606a'),
  light: text('#ffffff', '#eaeef2'),
  accent: text('#0b5cad', '#0b5cad'),
  good: text('#1a7f37', '#1a7f37'),
  warning: text('#8a5a00', '#8a5a00'),
  attention: text('#c62828', '#c62828'),
};
const style = (backgroundColor) => ({ backgroundColor, foregroundColors });

/** The HostConfig JSON every card in the page is rendered with. */
export const hostConfig = {
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  supportsInteractivity: true,
  spacing: { small: 4, default: 8, medium: 14, large: 18, extraLarge: 24, padding: 14 },
  separator: { lineThickness: 1, lineColor: '#d8dee4' },
  fontSizes: { small: 13, default: 15, medium: 17, large: 20, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  // Card titles sit under the page's h1; without a level a screen reader's heading list skips them.
  textBlock: { headingLevel: 2 },
  containerStyles: {
    default: style('#ffffff'),
    emphasis: style('#f3f5f7'),
    accent: style('#e8f1fb'),
    good: style('#e7f5ea'),
    warning: style('#fff5d9'),
    attention: style('#fdecec'),
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    actionsOrientation: 'vertical',
    actionAlignment: 'stretch',
    showCard: { actionMode: 'inline', inlineTopMargin: 8 },
  },
  factSet: {
    title: { weight: 'bolder', size: 'default', color: 'default', wrap: true, maxWidth: 130 },
    value: { weight: 'default', size: 'default', color: 'default', wrap: true },
    spacing: 8,
  },
};

/** The key the bot's Action.Submit data sits under (src/render/adaptive-card.ts SUBMIT_KEY). */
const SUBMIT_KEY = 'vpnbot';

const isChoice = (node) =>
  node?.type === 'Action.Submit' && node.data?.[SUBMIT_KEY]?.type === 'choice' && 'style' in node;

/**
 * The card as the web chat shows it: the answers to a question all look alike. The bot marks a question's
 * first answer `positive`, which a filled button would present as the recommended one; a one-off action
 * (the greeting's "Start VPN troubleshooting") keeps its style. Returns a copy; `card` is left as it was.
 */
export function evenChoices(card) {
  const visit = (node) => {
    if (Array.isArray(node)) return node.map(visit);
    if (!node || typeof node !== 'object') return node;
    const copy = {};
    for (const [key, value] of Object.entries(node)) copy[key] = key === 'data' ? value : visit(value);
    if (isChoice(node)) delete copy.style;
    return copy;
  };
  return visit(card);
}
