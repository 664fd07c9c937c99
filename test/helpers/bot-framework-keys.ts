// Bot Framework tokens without Microsoft: a local OpenID metadata endpoint and tokens signed with a key it does not publish.
import { createSign, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The kid the forged tokens name, which the key endpoint publishes with another key. */
const KID = 'forged-key';

/** A token shaped like the Bot Framework's for `appId`, signed with a throwaway key under KID. */
export function forgedToken(appId: string): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = b64({ alg: 'RS256', typ: 'JWT', kid: KID });
  const body = b64({ iss: 'https://api.botframework.com', aud: appId, nbf: now - 60, exp: now + 3600 });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey).toString('base64url');
  return `${head}.${body}.${signature}`;
}

/**
 * Starts a stand-in for Microsoft's OpenID metadata (set it as ToBotFrom…OpenIdMetadataUrl) that publishes a real
 * key under KID, never the one forgedToken signs with, so every forged token is refused without the network.
 */
export async function startKeyEndpoint(): Promise<{ url: string; close(): Promise<void> }> {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig' };
  const server = createServer((req, res) => {
    const body = req.url?.endsWith('/keys')
      ? { keys: [jwk] }
      : { issuer: 'https://api.botframework.com', jwks_uri: `${base}/keys` };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/.well-known/openidconfiguration`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
