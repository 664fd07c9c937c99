// Many turns of one conversation at the same moment, spread over two PostgreSQL instances: none may fail and
// each must be saved once.
import { newConversation, postTurn } from './conversations.ts';
import { startInstance } from './instance.ts';
import { pgVersions } from './stores.ts';

/** One burst size's figures. */
export interface SameConversation {
  concurrent: number;
  failed: number;
  saved: number;
}

/** For each size in `sizes`, sends that many turns of one new conversation at once, half to each instance. */
export async function sameConversationBursts(
  databaseUrl: string,
  sizes: number[],
): Promise<SameConversation[]> {
  const env = { DATABASE_URL: databaseUrl };
  const [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
  const out: SameConversation[] = [];
  try {
    for (const concurrent of sizes) {
      const c = newConversation(`same${concurrent}`);
      const answers = await Promise.all(
        Array.from({ length: concurrent }, (_, i) =>
          postTurn(i % 2 ? a.url : b.url, c.id, `${c.id}-t${i}`, i % 3 ? 'yes' : 'error 721'),
        ),
      );
      const versions = await pgVersions(databaseUrl);
      out.push({
        concurrent,
        failed: answers.filter((x) => !x.ok).length,
        saved: versions.get(`web:${c.id}`) ?? 0,
      });
    }
  } finally {
    await a.kill('SIGTERM');
    await b.kill('SIGTERM');
  }
  return out;
}
