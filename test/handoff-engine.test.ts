// Handing a user to a person, as the user lives it: the request, the wait, the agent joining, talking, and closing.
import { describe, expect, it } from 'vitest';
import { Conversation } from './helpers/conversation.ts';

const waiting = () => {
  const c = new Conversation();
  c.say('talk to a person');
  return c;
};
const withAgent = () => {
  const c = waiting();
  c.send({ kind: 'handoff', event: 'claimed', agent: 'Dana' });
  return c;
};

describe('asking for a person', () => {
  it('says a person is coming, records one handoff, and offers to cancel', () => {
    const c = waiting();
    expect(c.heard()).toMatch(/Getting you a person.*help desk/);
    expect(c.events).toEqual([{ type: 'handoff', reason: 'asked' }]);
    expect(c.buttons()).toEqual(['Cancel my request']);
  });

  it('asking again while waiting does not queue a second case, and the case hears it', () => {
    const c = waiting();
    expect(c.say('i want a human')).toMatch(/help desk has your case/);
    expect(c.events).toEqual([{ type: 'relay', text: 'i want a human' }]);
  });

  it.each([['hello anyone there?'], ['it is urgent, I have a meeting at 3'], ['809 again']])(
    'what the user writes while waiting (%j) goes to the case',
    (text) => {
      const c = waiting();
      expect(c.say(text)).toMatch(/Added to your case/);
      expect(c.events).toEqual([{ type: 'relay', text }]);
      expect(c.state?.phase).toBe('handoff');
    },
  );

  it.each([['cancel'], ['never mind'], ['1']])('typing %j withdraws the request', (text) => {
    const c = waiting();
    expect(c.say(text)).toMatch(/withdrawn your request/);
    expect(c.events).toEqual([{ type: 'handoff_cancel' }]);
    expect(c.state?.phase).toBe('new');
  });

  it('outside business hours says when the desk opens, in words and in its time zone', () => {
    const c = new Conversation();
    c.ctx.desk = { open: false, opensWords: 'Monday at 9:00', zone: 'Tokyo' };
    expect(c.say('talk to a person')).toMatch(
      /closed right now\. It opens Monday at 9:00 \(Tokyo time\)\. Your case waits.*keep trying/,
    );
  });

  it("where the channel tells the user's clock, also says when that is for them", () => {
    const c = new Conversation();
    c.ctx.desk = { open: false, opensWords: 'Monday at 9:00', zone: 'Tokyo', yours: 'Sunday at 8:00 pm' };
    expect(c.say('talk to a person')).toContain(
      'It opens Monday at 9:00 (Tokyo time), which is Sunday at 8:00 pm for you.',
    );
  });

  it('"no" after the last suggestion hands over too', () => {
    const c = new Conversation();
    c.say('vpn broken');
    c.tap('Nothing loads');
    expect(c.tap('No, still broken')).toMatch(/Getting you a person/);
    expect(c.events.filter((e) => e.type !== 'answered')).toEqual([{ type: 'handoff', reason: 'not_fixed' }]);
  });
});

describe('an agent takes the case', () => {
  it('the user is told who joined', () => {
    const c = waiting();
    expect(c.send({ kind: 'handoff', event: 'claimed', agent: 'Dana' })).toMatch(
      /Dana from the help desk has joined/,
    );
    expect(c.state?.agent).toBe('Dana');
  });

  it.each([['my vpn says 721 now'], ['start over'], ['cancel'], ['1']])(
    'what the user types (%j) goes to the agent, not to the bot',
    (text) => {
      const c = withAgent();
      expect(c.say(text)).toBe('');
      expect(c.events).toEqual([{ type: 'relay', text }]);
    },
  );

  it("the agent's words reach the user with the agent's name", () => {
    expect(
      withAgent().send({ kind: 'handoff', event: 'message', agent: 'Dana', text: 'Try the hotspot?' }),
    ).toBe('Dana: Try the hotspot?');
  });

  it('closing asks for one-tap feedback; "yes" ends kindly', () => {
    const c = withAgent();
    expect(c.send({ kind: 'handoff', event: 'closed', agent: 'Dana', text: 'DNS fixed' })).toMatch(
      /Dana has closed your case: DNS fixed.*Is your VPN working now/,
    );
    expect(c.tap('Yes, fixed')).toMatch(/Glad you're connected again/);
    expect(c.events.filter((e) => e.type !== 'answered')).toEqual([
      { type: 'resolved', outcome: 'handoff:closed' },
    ]);
  });

  it('closing then "still broken" goes back to the queue', () => {
    const c = withAgent();
    c.send({ kind: 'handoff', event: 'closed', agent: 'Dana' });
    expect(c.tap('No, still broken')).toMatch(/Getting you a person/);
    expect(c.events).toContainEqual({ type: 'handoff', reason: 'not_fixed' });
  });

  it('handing back returns the user to the bot', () => {
    const c = withAgent();
    expect(c.send({ kind: 'handoff', event: 'returned', agent: 'Dana' })).toMatch(/handed you back/);
    expect(c.say('error 721')).toMatch(/Error 721/);
  });
});

describe('leaving a handoff only on purpose', () => {
  it.each([['start'], ['lookup'], ['restart']])(
    'while an agent is on the case, an old "%s" button keeps the user with them',
    (command) => {
      const c = withAgent();
      expect(c.send({ kind: 'action', data: { type: 'command', command } })).toMatch(
        /Dana from the help desk is with you/,
      );
      expect(c.state).toMatchObject({ phase: 'handoff', agent: 'Dana' });
    },
  );

  it('"start over" while waiting withdraws the request first, then starts the checks', () => {
    const c = waiting();
    expect(c.say('start over')).toMatch(/withdrawn your request.*Is the internet really working/);
    expect(c.events).toContainEqual({ type: 'handoff_cancel' });
  });

  it('a day of silence never drops a user who is with an agent', () => {
    const c = withAgent();
    c.wait(3 * 86_400_000);
    expect(c.say('are you still there?')).toBe('');
    expect(c.events).toEqual([{ type: 'relay', text: 'are you still there?' }]);
  });
});
