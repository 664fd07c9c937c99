// The channel-neutral card model: the engine speaks it, the renderers turn it into Adaptive Card, Block Kit or text.
// Every string in it is plain text (never markup); each renderer escapes for its own target.

/** The mood of a card, which renderers may show as a colour or an icon. */
export type Tone = 'info' | 'good' | 'warning' | 'attention';

/** One piece of a card's body. */
export type Block =
  | { kind: 'text'; text: string; emphasis?: boolean; muted?: boolean }
  | { kind: 'steps'; title?: string; items: string[] }
  | { kind: 'bullets'; title?: string; items: string[] }
  | { kind: 'facts'; items: { label: string; value: string }[] }
  | { kind: 'code'; text: string };

/** What a button sends back when pressed; the engine reads it as an input. */
export type ActionData =
  | { type: 'choice'; node: string; choice: string; turn: number }
  | { type: 'command'; command: string; arg?: string };

/** A button: it either posts data back to the bot or opens a link. */
export type Action =
  | { label: string; data: ActionData; style?: 'primary' | 'default' | 'destructive' }
  | { label: string; url: string };

/** A whole card: a title, a body, and at most a handful of actions (the first primary one is the main path). */
export interface Card {
  title?: string;
  tone?: Tone;
  blocks: Block[];
  actions: Action[];
  /** Short plain-text summary for notifications, previews and screen readers. */
  summary: string;
}

/** One message from the bot. */
export type Reply = { kind: 'text'; text: string } | { kind: 'card'; card: Card };

/** True when the action posts data back rather than opening a link. */
export function isDataAction(action: Action): action is Extract<Action, { data: ActionData }> {
  return 'data' in action;
}
