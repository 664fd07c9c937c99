// A stand-in for a Twilio-style SMS API that answers per recipient (a status and provider code, or a dropped
// connection), so each case of a test is one phone number; it counts every try and keeps what it accepted.
import { createServer, type Server } from 'node:http';

/** How the stub provider answers messages to one number: a status (and provider code), or a dropped connection. */
export type Answer = { status: number; code?: number } | 'drop';

/** Starts the stub on a free loopback port: set `answers` per number; `triesTo` and `deliveredTo` tell what came. */
export async function startSmsProvider() {
  const answers = new Map<string, Answer>();
  const tries = new Map<string, number>();
  const bodies: { to: string; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const to = form.get('To') ?? '';
      tries.set(to, (tries.get(to) ?? 0) + 1);
      const answer = answers.get(to) ?? { status: 201 };
      if (answer === 'drop') return void req.socket.destroy();
      if (answer.status === 201) bodies.push({ to, body: form.get('Body') ?? '' });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(answer.status === 201 ? { sid: 'SM1', status: 'queued' } : { code: answer.code }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    answers,
    triesTo: (to: string) => tries.get(to) ?? 0,
    deliveredTo: (to: string) => bodies.filter((b) => b.to === to).map((b) => b.body),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
/** A running stub; `answers` is set per number (none = 201 accepted). */
export type SmsProvider = Awaited<ReturnType<typeof startSmsProvider>>;
