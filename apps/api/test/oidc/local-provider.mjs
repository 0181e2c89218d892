// A real OpenID Connect provider (the `oidc-provider` package) on loopback, for the single sign-on
// tests: its own login and consent pages, accounts from OIDC_TEST_ACCOUNTS, and one test hook that
// tampers with the next ID token the token endpoint sends (to prove the relying party's checks).
// Started as a child process (it is an ES module with its own dependencies); prints `READY <issuer>`.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_TEST_PORT ?? 0);
const clientId = process.env.OIDC_TEST_CLIENT_ID ?? 'zibo-supervision';
const redirectUris = (process.env.OIDC_TEST_REDIRECT_URIS ?? '').split(',').filter(Boolean);
/** [{ sub, username, password, otp?, claims: {...} }]: `otp` is the code that proves a second factor. */
const accounts = JSON.parse(process.env.OIDC_TEST_ACCOUNTS ?? '[]');

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };

let tamper = null;
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
function resign(idToken, change) {
  const [header, payload] = idToken.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), ...change };
  const input = `${header}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}
function tampered(idToken, mode) {
  const [header, payload, signature] = idToken.split('.');
  switch (mode) {
    case 'signature': {
      // A changed claim under the original signature.
      const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), amr: ['pwd', 'otp', 'mfa'] };
      return `${header}.${b64(claims)}.${signature}`;
    }
    case 'nonce':
      return resign(idToken, { nonce: randomBytes(8).toString('hex') });
    case 'audience':
      return resign(idToken, { aud: 'another-client' });
    case 'expired':
      return resign(idToken, { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 });
    default:
      return idToken;
  }
}

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>` +
  `<body><h1>${escape(title)}</h1>${body}</body></html>`;

async function formOf(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return new URLSearchParams(text);
}

const server = createServer();
server.listen(port, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        token_endpoint_auth_method: 'none',
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: {
      // amr and acr in every ID token, as the zone's provider would send them
      openid: ['sub', 'amr', 'acr', 'auth_time'],
      profile: ['name', 'preferred_username', 'department', 'groups'],
      email: ['email', 'email_verified'],
    },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, id) {
      const account = accounts.find((a) => a.sub === id);
      return account && { accountId: id, claims: async () => ({ sub: id, ...account.claims }) };
    },
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && tamper && ctx.body && typeof ctx.body.id_token === 'string') {
      ctx.body = { ...ctx.body, id_token: tampered(ctx.body.id_token, tamper) };
      tamper = null;
    }
  });
  const callback = provider.callback();

  server.on('request', async (req, res) => {
    try {
      const url = new URL(req.url, issuer);
      if (url.pathname === '/__test/tamper' && req.method === 'POST') {
        tamper = url.searchParams.get('mode');
        res.writeHead(204).end();
        return;
      }
      const match = /^\/interaction\/([\w-]+)(\/(login|confirm))?$/.exec(url.pathname);
      if (!match) return callback(req, res);
      const details = await provider.interactionDetails(req, res);
      const uid = escape(details.uid);
      if (req.method === 'GET') {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        if (details.prompt.name === 'login') {
          res.end(
            page(
              'Zone identity provider: sign in',
              `<form method="post" action="/interaction/${uid}/login">` +
                '<label>Username <input name="username" autocomplete="username"></label>' +
                '<label>Password <input name="password" type="password"></label>' +
                '<label>One-time code (optional) <input name="otp" inputmode="numeric"></label>' +
                '<button type="submit">Sign in</button></form>',
            ),
          );
        } else {
          res.end(
            page(
              'Zone identity provider: allow access',
              `<p>${escape(details.params.client_id)} asks for: ${escape(details.params.scope)}</p>` +
                `<form method="post" action="/interaction/${uid}/confirm"><button type="submit">Allow</button></form>`,
            ),
          );
        }
        return;
      }
      const form = await formOf(req);
      if (match[3] === 'login') {
        const account = accounts.find(
          (a) => a.username === form.get('username') && a.password === form.get('password'),
        );
        if (!account) {
          res
            .writeHead(401, { 'content-type': 'text/html; charset=utf-8' })
            .end(page('Wrong username or password', ''));
          return;
        }
        const secondFactor = Boolean(account.otp) && form.get('otp') === account.otp;
        // RFC 8176: a password, and a one-time code when one was given.
        const amr = secondFactor ? ['pwd', 'otp', 'mfa'] : ['pwd'];
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: account.sub, amr } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      const { prompt, params, session, grantId } = details;
      const grant = grantId
        ? await provider.Grant.find(grantId)
        : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
      if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
      if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId: await grant.save() } },
        { mergeWithLastSubmission: true },
      );
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  // A hash of the key, so a test can tell two providers apart; then the line the parent waits for.
  process.stdout.write(`READY ${issuer} ${createHash('sha256').update(jwk.n).digest('hex').slice(0, 8)}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
