// A small web application that logs its users in with a gatehoused tenant, as the browser test's
// relying party. It is a regular web app (confidential client) on http://127.0.0.1:<port>: the
// Management API takes an http callback on loopback, compared exactly at /authorize like any
// other (oidc/RedirectUri), so nothing about the server's rules is relaxed for it.
//
// The protocol work is openid-client's (an independent, certified implementation): discovery,
// the authorization URL with PKCE S256, state and nonce, the code exchange and every ID token and
// response check (iss, state, nonce, signature). Routes:
//   /          a home page with links to the others
//   /login     starts a login; ?prompt=… is passed on (login, none)
//   /silent    starts a prompt=none login: the answer is a code or login_required, never a page
//   /callback  redeems the code and shows "Signed in as <email>" and the ID token's claims, or
//              the authorization error ("Not signed in", login_required)
//   /logout    RP-Initiated Logout with the last ID token as id_token_hint and no return URL
import { createServer } from 'node:http';
import * as oidc from 'openid-client';

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${escapeHtml(title)} · Test RP</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:46rem;padding:0 1rem;color:#111}
header{color:#555;border-bottom:1px solid #ddd;margin-bottom:1rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}dd{margin:0;word-break:break-all;font-family:monospace}nav a{margin-right:1rem}</style></head>
<body><header>Test relying party (openid-client)</header><main><h1>${escapeHtml(title)}</h1>${body}</main>
<nav><a href="/login">Log in</a><a href="/login?prompt=login">Log in again</a><a href="/silent">Check silently</a><a href="/logout">Log out</a></nav>
</body></html>`;
}

export class RelyingParty {
  // Listens, registers itself as an application of `tenant` on `server` (a Gatehoused) and
  // discovers the tenant's metadata.
  static async start(server, tenant, { name = 'Test RP' } = {}) {
    const rp = new RelyingParty(server, tenant);
    await rp.#listen();
    await rp.#register(name);
    return rp;
  }

  constructor(server, tenant) {
    this.server = server;
    this.tenant = tenant;
    this.pending = new Map(); // state → { verifier, nonce }
    this.idToken = null;
  }

  get origin() { return `http://127.0.0.1:${this.port}`; }
  get callbackUrl() { return `${this.origin}/callback`; }
  url(path) { return `${this.origin}${path}`; }

  async #listen() {
    this.http = createServer((request, response) => {
      this.#handle(request, response).catch(error => {
        response.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
        response.end(page('Relying party error', `<pre>${escapeHtml(error.stack ?? error)}</pre>`));
      });
    });
    await new Promise(resolve => this.http.listen(0, '127.0.0.1', resolve));
    this.port = this.http.address().port;
  }

  async #register(name) {
    const client = await this.server.manage('POST', this.tenant, 'clients', {
      name, app_type: 'regular_web', grant_types: ['authorization_code'], callbacks: [this.callbackUrl],
    });
    this.clientId = client.client_id;
    const issuer = this.server.issuer(this.tenant);
    this.config = await oidc.discovery(new URL(issuer), client.client_id, client.client_secret,
      oidc.ClientSecretPost(client.client_secret), { [oidc.customFetch]: this.server.fetch });
    this.config[oidc.customFetch] = this.server.fetch;
    // openid-client refuses plain-HTTP requests; the server is HTTPS unless a test chose --http.
    if (this.server.scheme === 'http') oidc.allowInsecureRequests(this.config);
  }

  async #authorizationUrl(extra) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    this.pending.set(state, { verifier, nonce });
    return oidc.buildAuthorizationUrl(this.config, {
      redirect_uri: this.callbackUrl, scope: 'openid profile email', state, nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      ...extra,
    });
  }

  async #handle(request, response) {
    const url = new URL(request.url, this.origin);
    const send = (status, title, body) => {
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(page(title, body));
    };
    const redirect = location => {
      response.writeHead(302, { location: String(location), 'cache-control': 'no-store' });
      response.end();
    };
    switch (url.pathname) {
    case '/':
      return send(200, 'Test relying party', `<p>Client <code>${escapeHtml(this.clientId)}</code> of ${escapeHtml(this.server.issuer(this.tenant))}</p>`);
    case '/login': {
      const prompt = url.searchParams.get('prompt');
      return redirect(await this.#authorizationUrl(prompt ? { prompt } : {}));
    }
    case '/silent':
      return redirect(await this.#authorizationUrl({ prompt: 'none' }));
    case '/logout': {
      const hint = this.idToken ? { id_token_hint: this.idToken } : {};
      return redirect(oidc.buildEndSessionUrl(this.config, { client_id: this.clientId, ...hint }));
    }
    case '/callback':
      return this.#callback(url, send);
    default:
      return send(404, 'Not found', '');
    }
  }

  async #callback(url, send) {
    const pending = this.pending.get(url.searchParams.get('state'));
    if (!pending) return send(400, 'Unknown state', '<p>This callback does not answer a login this application started.</p>');
    this.pending.delete(url.searchParams.get('state'));
    let tokens;
    try {
      tokens = await oidc.authorizationCodeGrant(this.config, url, {
        pkceCodeVerifier: pending.verifier, expectedState: url.searchParams.get('state'),
        expectedNonce: pending.nonce, idTokenExpected: true,
      });
    } catch (error) {
      // An authorization error response (state and iss checked by openid-client first).
      if (error instanceof oidc.AuthorizationResponseError)
        return send(200, 'Not signed in', `<p>The server answered <code id="error">${escapeHtml(error.error)}</code>.</p>`);
      throw error;
    }
    const claims = tokens.claims();
    this.idToken = tokens.id_token;
    this.lastClaims = claims;
    const rows = Object.entries(claims)
      .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd data-claim="${escapeHtml(name)}">${escapeHtml(typeof value === 'string' ? value : JSON.stringify(value))}</dd>`)
      .join('');
    return send(200, `Signed in as ${claims.email ?? claims.sub}`, `<h2>ID token claims</h2><dl>${rows}</dl>`);
  }

  async stop() {
    await new Promise(resolve => this.http.close(resolve));
  }
}
