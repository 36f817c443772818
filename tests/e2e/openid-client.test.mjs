// Interoperability with an independent, certified relying party: openid-client (OpenID Certified
// RP, via oauth4webapi) drives a real gatehoused over HTTPS, verifying the server's own
// self-signed certificate. The login form is posted by lib/oidc-login.mjs as a browser would.
// Each `it` names the property it proves; together they cover discovery, code + PKCE for
// confidential and public clients, ID token validation (RS256, ES256, EdDSA), userinfo, refresh
// rotation and reuse detection, introspection, revocation, code reuse and PKCE.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { Gatehoused } from './lib/gatehoused.mjs';
import { FormLogin } from './lib/oidc-login.mjs';

const SCOPE = 'openid profile email offline_access';
const WEB_CALLBACK = 'https://app.example.com/callback';
const SPA_CALLBACK = 'https://spa.example.com/callback';
const NATIVE_CALLBACK = 'http://127.0.0.1/callback';
// RFC 8252 §7.3: a native app's loopback redirect may use any port.
const NATIVE_REDIRECT = 'http://127.0.0.1:53117/callback';
const DATABASE = 'Username-Password-Authentication';

let server;

// Polls `check` until it returns true: the tenant catalog picks up Management API writes on its
// next refresh, and nothing outside the server can wait for that signal.
async function eventually(what, check, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

// A tenant's user and applications, created through the Management API.
async function provision(tenant) {
  const password = `e2e-${randomBytes(12).toString('base64url')}`;
  const email = `rp-${randomBytes(4).toString('hex')}@example.com`;
  const created = await server.manage('POST', tenant, 'users', {
    connection: DATABASE, email, password, name: 'Relying Party Tester',
  });
  const user = { id: created.user_id, email, password };
  const client = (name, appType, callbacks) => server.manage('POST', tenant, 'clients', {
    name, app_type: appType, callbacks, grant_types: ['authorization_code', 'refresh_token'],
  });
  const apps = {
    web: await client('web', 'regular_web', [WEB_CALLBACK]),
    other: await client('other web', 'regular_web', [WEB_CALLBACK]),
    spa: await client('spa', 'spa', [SPA_CALLBACK]),
    native: await client('native', 'native', [NATIVE_CALLBACK]),
  };
  for (const [app, redirect] of [['web', WEB_CALLBACK], ['other', WEB_CALLBACK], ['spa', SPA_CALLBACK], ['native', NATIVE_REDIRECT]]) {
    const url = new URL(`${server.issuer(tenant)}authorize`);
    url.search = new URLSearchParams({ client_id: apps[app].client_id, response_type: 'code', redirect_uri: redirect });
    // An unknown client gets the 400 error page; a known one a redirect.
    await eventually(`client ${app} in ${tenant}`, async () => {
      const response = await server.fetch(url, { redirect: 'manual' });
      await response.arrayBuffer();
      return response.status === 302;
    });
  }
  return { tenant, user, apps };
}

const AUTH = {
  client_secret_basic: app => oidc.ClientSecretBasic(app.client_secret),
  client_secret_post: app => oidc.ClientSecretPost(app.client_secret),
  none: () => oidc.None(),
};

// openid-client's configuration for an application, from the tenant's discovery document, with
// every request going through the server's fetch (TLS verified against its certificate) and
// recorded. enableNonRepudiationChecks makes openid-client verify ID token signatures with the
// JWKS even though they came over TLS from the token endpoint.
async function configure(tenant, app, method = app.client_secret ? 'client_secret_basic' : 'none') {
  const requests = [];
  const recordingFetch = (url, options) => {
    requests.push({ url: new URL(url), method: options.method, headers: new Headers(options.headers), body: String(options.body ?? '') });
    return server.fetch(url, options);
  };
  const config = await oidc.discovery(new URL(server.issuer(tenant)), app.client_id, undefined,
    AUTH[method](app), { [oidc.customFetch]: recordingFetch, execute: [oidc.enableNonRepudiationChecks] });
  return { config, requests, app };
}

// The authorization request and the user's login; what openid-client needs to check the answer.
// options: redirectUri, nonce (false: none sent), scope, extra (more parameters), browser (a
// FormLogin to reuse, with its cookies) and silently (expect the redirect to the application at
// once, without the login page).
async function authorize({ config }, user, options = {}) {
  const { redirectUri, nonce = true, scope = SCOPE, extra = {} } = options;
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const parameters = {
    ...extra, redirect_uri: redirectUri, scope, state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  };
  const expectedNonce = nonce ? oidc.randomNonce() : undefined;
  if (expectedNonce) parameters.nonce = expectedNonce;
  const url = oidc.buildAuthorizationUrl(config, parameters);
  const browser = options.browser ?? new FormLogin(server.fetch);
  const callback = options.silently ? await browser.redirectFrom(url) : await browser.login(url, user.email, user.password);
  return { callback, verifier, state, nonce: expectedNonce, browser };
}

function redeem({ config }, flow, checks = {}) {
  return oidc.authorizationCodeGrant(config, flow.callback, {
    pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce,
    idTokenExpected: true, ...checks,
  });
}

const REDIRECT = { web: WEB_CALLBACK, other: WEB_CALLBACK, spa: SPA_CALLBACK, native: NATIVE_REDIRECT };

async function signIn(rp, user, appName, options = {}) {
  const flow = await authorize(rp, user, { redirectUri: REDIRECT[appName], ...options });
  return { flow, tokens: await redeem(rp, flow) };
}

// assert.rejects predicates for the three ways openid-client fails.
function oauthError(code) {
  return error => {
    assert.ok(error instanceof oidc.ResponseBodyError, `expected a ResponseBodyError, got ${error}`);
    assert.equal(error.error, code);
    return true;
  };
}
function rejectedBy(pattern) {
  return error => {
    assert.ok(error instanceof oidc.ClientError, `expected a ClientError, got ${error}`);
    assert.match(error.cause?.message ?? error.message, pattern);
    return true;
  };
}
function bearerChallenge(code) {
  return error => {
    assert.ok(error instanceof oidc.WWWAuthenticateChallengeError, `expected a WWW-Authenticate challenge, got ${error}`);
    assert.equal(error.status, 401);
    assert.equal(error.cause[0].parameters.error, code);
    return true;
  };
}

function jwtHeader(token) {
  return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
}

// From now on the token endpoint's ID tokens reach openid-client with one bit of their
// signature flipped, as an attacker between the two could: only the signature check notices.
function alterIdTokenSignatures(rp) {
  rp.config[oidc.customFetch] = async (url, options) => {
    const response = await server.fetch(url, options);
    if (!String(url).endsWith('/oauth/token')) return response;
    const body = await response.json();
    const [header, payload, signature] = body.id_token.split('.');
    const bytes = Buffer.from(signature, 'base64url');
    bytes[0] ^= 0x01;
    body.id_token = `${header}.${payload}.${bytes.toString('base64url')}`;
    return new Response(JSON.stringify(body), {
      status: response.status, headers: { 'content-type': response.headers.get('content-type') },
    });
  };
}

before(async () => {
  server = await Gatehoused.start();
});

after(async () => {
  await server?.stop();
});

describe('openid-client against gatehoused', () => {
  let tenant;
  before(async () => {
    tenant = await provision(server.credentials.tenant);
  });

  describe('discovery', () => {
    it('the metadata names the issuer it was fetched from, lists every endpoint on it, and openid-client accepts it', async () => {
      const { config } = await configure(tenant.tenant, tenant.apps.web);
      const metadata = config.serverMetadata();
      const issuer = server.issuer(tenant.tenant);
      assert.equal(metadata.issuer, issuer);
      for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri',
        'revocation_endpoint', 'introspection_endpoint', 'end_session_endpoint'])
        assert.ok(metadata[endpoint]?.startsWith(issuer), `${endpoint}: ${metadata[endpoint]}`);
      assert.ok(metadata.supportsPKCE('S256'));
      assert.equal(metadata.supportsPKCE('plain'), false);
      assert.equal(metadata.authorization_response_iss_parameter_supported, true);
      assert.ok(metadata.id_token_signing_alg_values_supported.includes('RS256'));
    });

    it('TLS is really verified: without the server certificate in the trust store discovery fails', async () => {
      await assert.rejects(oidc.discovery(new URL(server.issuer(tenant.tenant)), tenant.apps.web.client_id,
        tenant.apps.web.client_secret), error => {
        assert.ok(error instanceof TypeError, `expected fetch to fail, got ${error}`);
        assert.equal(error.cause?.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
        return true;
      });
    });
  });

  const kinds = [
    { name: 'confidential client (regular web app, client_secret_basic)', app: 'web', method: 'client_secret_basic' },
    { name: 'confidential client (regular web app, client_secret_post)', app: 'web', method: 'client_secret_post' },
    { name: 'public client (SPA, token_endpoint_auth_method none)', app: 'spa', method: 'none' },
    { name: 'public client (native app, loopback redirect on any port, none)', app: 'native', method: 'none' },
  ];
  for (const kind of kinds) {
    describe(kind.name, () => {
      it('code + PKCE S256 gives tokens; openid-client validates the ID token (iss, aud, exp, nonce, JWKS signature)', async () => {
        const rp = await configure(tenant.tenant, tenant.apps[kind.app], kind.method);
        const { flow, tokens } = await signIn(rp, tenant.user, kind.app);
        const issuer = server.issuer(tenant.tenant);
        // RFC 9207: the response names the issuer (openid-client has checked it too).
        assert.equal(flow.callback.searchParams.get('iss'), issuer);
        assert.equal(flow.callback.searchParams.get('state'), flow.state);
        assert.equal(tokens.token_type.toLowerCase(), 'bearer');
        assert.ok(tokens.access_token && tokens.refresh_token && tokens.id_token);
        const claims = tokens.claims();
        assert.equal(claims.iss, issuer);
        assert.equal(claims.aud, rp.app.client_id);
        assert.equal(claims.sub, tenant.user.id);
        assert.equal(claims.nonce, flow.nonce);
        assert.equal(claims.email, tenant.user.email);
        const now = Date.now() / 1000;
        assert.ok(claims.exp > now && claims.iat <= now + 5, JSON.stringify(claims));
        assert.equal(jwtHeader(tokens.id_token).alg, 'RS256');
        // The signature was checked against the published keys.
        assert.ok(rp.requests.some(request => request.url.href === rp.config.serverMetadata().jwks_uri));
        // The client authenticated the way it was configured to.
        const token = rp.requests.find(request => request.url.href.endsWith('/oauth/token'));
        const body = new URLSearchParams(token.body);
        assert.equal(body.get('grant_type'), 'authorization_code');
        assert.equal(body.get('code_verifier'), flow.verifier);
        assert.equal(token.headers.has('authorization'), kind.method === 'client_secret_basic');
        assert.equal(body.has('client_secret'), kind.method === 'client_secret_post');
      });

      it('a public or confidential client can revoke its own refresh token (RFC 7009), which ends the grant', async () => {
        const rp = await configure(tenant.tenant, tenant.apps[kind.app], kind.method);
        const { tokens } = await signIn(rp, tenant.user, kind.app);
        await oidc.tokenRevocation(rp.config, tokens.refresh_token);
        await assert.rejects(oidc.refreshTokenGrant(rp.config, tokens.refresh_token), oauthError('invalid_grant'));
        await assert.rejects(oidc.fetchUserInfo(rp.config, tokens.access_token, tenant.user.id), bearerChallenge('invalid_token'));
      });

      it('a wrong PKCE verifier, or none, fails with invalid_grant', async () => {
        const rp = await configure(tenant.tenant, tenant.apps[kind.app], kind.method);
        let flow = await authorize(rp, tenant.user, { redirectUri: REDIRECT[kind.app] });
        await assert.rejects(redeem(rp, flow, { pkceCodeVerifier: oidc.randomPKCECodeVerifier() }), oauthError('invalid_grant'));
        flow = await authorize(rp, tenant.user, { redirectUri: REDIRECT[kind.app] });
        await assert.rejects(redeem(rp, flow, { pkceCodeVerifier: undefined }), oauthError('invalid_grant'));
      });
    });
  }

  describe('ID token checks', () => {
    it('the nonce is optional: without one in the request the ID token has none, and openid-client accepts it', async () => {
      const rp = await configure(tenant.tenant, tenant.apps.web);
      const { flow, tokens } = await signIn(rp, tenant.user, 'web', { nonce: false });
      assert.equal(flow.nonce, undefined);
      assert.equal(tokens.claims().nonce, undefined);
      assert.equal(tokens.claims().sub, tenant.user.id);
    });

    it('the nonce is bound: an ID token answering another nonce is rejected', async () => {
      const rp = await configure(tenant.tenant, tenant.apps.web);
      const flow = await authorize(rp, tenant.user, { redirectUri: WEB_CALLBACK });
      await assert.rejects(redeem(rp, flow, { expectedNonce: oidc.randomNonce() }), rejectedBy(/nonce/));
    });

    it('max_age: the ID token carries auth_time, which openid-client checks against max_age', async () => {
      const rp = await configure(tenant.tenant, tenant.apps.web);
      const flow = await authorize(rp, tenant.user, { redirectUri: WEB_CALLBACK, extra: { max_age: '300' } });
      const claims = (await redeem(rp, flow, { maxAge: 300 })).claims();
      assert.ok(Math.abs(claims.auth_time - Date.now() / 1000) < 60, JSON.stringify(claims));
    });

    it('an error response (prompt=none without a session) reaches openid-client as login_required, with the iss and state it checks', async () => {
      const rp = await configure(tenant.tenant, tenant.apps.web);
      const flow = await authorize(rp, tenant.user, { redirectUri: WEB_CALLBACK, extra: { prompt: 'none' }, silently: true });
      assert.equal(flow.callback.searchParams.get('iss'), server.issuer(tenant.tenant));
      await assert.rejects(redeem(rp, flow), error => {
        assert.ok(error instanceof oidc.AuthorizationResponseError, `expected an AuthorizationResponseError, got ${error}`);
        assert.equal(error.error, 'login_required');
        return true;
      });
    });

    it('single sign-on: with the session cookie prompt=none returns a code at once, for the same authentication (auth_time)', async () => {
      const rp = await configure(tenant.tenant, tenant.apps.web);
      const first = await signIn(rp, tenant.user, 'web');
      const silent = await authorize(rp, tenant.user, {
        redirectUri: WEB_CALLBACK, extra: { prompt: 'none' }, browser: first.flow.browser, silently: true,
      });
      const claims = (await redeem(rp, silent)).claims();
      assert.equal(claims.sub, tenant.user.id);
      assert.equal(claims.nonce, silent.nonce);
      assert.equal(claims.auth_time, first.tokens.claims().auth_time);
    });

    it('the state is checked: a callback with a changed state is rejected before the code is redeemed', async () => {
      const rp = await configure(tenant.tenant, tenant.apps.web);
      const flow = await authorize(rp, tenant.user, { redirectUri: WEB_CALLBACK });
      const tampered = new URL(flow.callback);
      tampered.searchParams.set('state', oidc.randomState());
      await assert.rejects(redeem(rp, { ...flow, callback: tampered }), rejectedBy(/"state"/));
      assert.equal(rp.requests.filter(request => request.url.href.endsWith('/oauth/token')).length, 0);
      // The untouched callback still works: the code was never sent.
      assert.equal((await redeem(rp, flow)).claims().sub, tenant.user.id);
    });

    it('the signature is checked against the JWKS: an ID token whose signature changed in transit is rejected', async () => {
      const rp = await configure(tenant.tenant, tenant.apps.web);
      const flow = await authorize(rp, tenant.user, { redirectUri: WEB_CALLBACK });
      alterIdTokenSignatures(rp);
      await assert.rejects(redeem(rp, flow), rejectedBy(/signature verification failed/));
    });
  });

  describe('userinfo', () => {
    it('GET with the bearer header returns the user; openid-client checks the subject', async () => {
      const rp = await configure(tenant.tenant, tenant.apps.web);
      const { tokens } = await signIn(rp, tenant.user, 'web');
      const info = await oidc.fetchUserInfo(rp.config, tokens.access_token, tenant.user.id);
      assert.equal(info.sub, tenant.user.id);
      assert.equal(info.email, tenant.user.email);
      assert.equal(info.name, 'Relying Party Tester');
      const request = rp.requests.at(-1);
      assert.equal(request.method, 'GET');
      assert.equal(request.headers.get('authorization'), `Bearer ${tokens.access_token}`);
    });

    it('a userinfo response for another subject than the ID token\'s is rejected by the client', async () => {
      const rp = await configure(tenant.tenant, tenant.apps.web);
      const { tokens } = await signIn(rp, tenant.user, 'web');
      await assert.rejects(oidc.fetchUserInfo(rp.config, tokens.access_token, 'auth0|000000000000000000000000'),
        rejectedBy(/"sub"/));
    });
  });

  // The tenant's refresh-token reuse interval (`refresh_token.leeway` in its settings, read by
  // server/oidc/UserGrantSettings) is 0 unless set, and the Management API does not set it yet:
  // a rotated token is refused at once.
  describe('refresh tokens', () => {
    it('rotate: every refresh returns a new refresh token and a new ID token for the same authentication (OIDC Core 12.2)', async () => {
      const rp = await configure(tenant.tenant, tenant.apps.web);
      const { tokens } = await signIn(rp, tenant.user, 'web');
      const original = tokens.claims();
      const seen = new Set([tokens.refresh_token]);
      let current = tokens;
      for (let i = 0; i < 3; ++i) {
        current = await oidc.refreshTokenGrant(rp.config, current.refresh_token);
        assert.ok(!seen.has(current.refresh_token), 'the refresh token was not rotated');
        seen.add(current.refresh_token);
        const claims = current.claims();
        // 12.2: iss, sub, aud as originally; iat new; auth_time the original authentication's.
        for (const claim of ['iss', 'sub', 'aud', 'auth_time'])
          assert.deepEqual(claims[claim], original[claim], claim);
        assert.ok(claims.iat >= original.iat);
        // A nonce, if present at all, is the original one.
        assert.ok(claims.nonce === undefined || claims.nonce === original.nonce);
        assert.equal((await oidc.fetchUserInfo(rp.config, current.access_token, tenant.user.id)).sub, tenant.user.id);
      }
    });

    it('a rotated refresh token is refused with invalid_grant', async () => {
      const rp = await configure(tenant.tenant, tenant.apps.spa);
      const { tokens } = await signIn(rp, tenant.user, 'spa');
      await oidc.refreshTokenGrant(rp.config, tokens.refresh_token);
      await assert.rejects(oidc.refreshTokenGrant(rp.config, tokens.refresh_token), oauthError('invalid_grant'));
    });

    it('reuse detection revokes the family: after a rotated token is replayed the newest refresh token and its access token die too', async () => {
      const rp = await configure(tenant.tenant, tenant.apps.web);
      const { tokens } = await signIn(rp, tenant.user, 'web');
      const second = await oidc.refreshTokenGrant(rp.config, tokens.refresh_token);
      const newest = await oidc.refreshTokenGrant(rp.config, second.refresh_token);
      await assert.rejects(oidc.refreshTokenGrant(rp.config, tokens.refresh_token), oauthError('invalid_grant'));
      await assert.rejects(oidc.refreshTokenGrant(rp.config, newest.refresh_token), oauthError('invalid_grant'));
      await assert.rejects(oidc.fetchUserInfo(rp.config, newest.access_token, tenant.user.id), bearerChallenge('invalid_token'));
      assert.equal((await oidc.tokenIntrospection(rp.config, newest.access_token)).active, false);
    });
  });

  describe('introspection and revocation', () => {
    it('introspection (RFC 7662): the access and refresh tokens are active and describe the grant', async () => {
      const rp = await configure(tenant.tenant, tenant.apps.web, 'client_secret_post');
      const { tokens } = await signIn(rp, tenant.user, 'web');
      for (const token of [tokens.access_token, tokens.refresh_token]) {
        const description = await oidc.tokenIntrospection(rp.config, token);
        assert.equal(description.active, true);
        assert.equal(description.client_id, rp.app.client_id);
        assert.equal(description.sub, tenant.user.id);
        assert.ok(description.exp > Date.now() / 1000);
      }
    });

    it('a refresh token is described only to its own client; another client sees it inactive', async () => {
      const rp = await configure(tenant.tenant, tenant.apps.web);
      const other = await configure(tenant.tenant, tenant.apps.other);
      const { tokens } = await signIn(rp, tenant.user, 'web');
      assert.equal((await oidc.tokenIntrospection(other.config, tokens.refresh_token)).active, false);
      assert.equal((await oidc.tokenIntrospection(rp.config, tokens.refresh_token)).active, true);
    });

    it('revoking the refresh token (RFC 7009) kills the grant: both tokens introspect inactive and userinfo refuses the access token', async () => {
      const rp = await configure(tenant.tenant, tenant.apps.web);
      const { tokens } = await signIn(rp, tenant.user, 'web');
      await oidc.tokenRevocation(rp.config, tokens.refresh_token);
      assert.equal((await oidc.tokenIntrospection(rp.config, tokens.access_token)).active, false);
      assert.equal((await oidc.tokenIntrospection(rp.config, tokens.refresh_token)).active, false);
      await assert.rejects(oidc.fetchUserInfo(rp.config, tokens.access_token, tenant.user.id), bearerChallenge('invalid_token'));
      await assert.rejects(oidc.refreshTokenGrant(rp.config, tokens.refresh_token), oauthError('invalid_grant'));
    });

    it('another client cannot revoke a token: its revocation changes nothing', async () => {
      const rp = await configure(tenant.tenant, tenant.apps.web);
      const other = await configure(tenant.tenant, tenant.apps.other);
      const { tokens } = await signIn(rp, tenant.user, 'web');
      await oidc.tokenRevocation(other.config, tokens.refresh_token);
      assert.equal((await oidc.tokenIntrospection(rp.config, tokens.refresh_token)).active, true);
      assert.equal((await oidc.fetchUserInfo(rp.config, tokens.access_token, tenant.user.id)).sub, tenant.user.id);
    });
  });

  describe('client authentication', () => {
    for (const method of ['client_secret_basic', 'client_secret_post']) {
      it(`a wrong client secret (${method}) is refused with invalid_client`, async () => {
        const wrong = { ...tenant.apps.web, client_secret: randomBytes(32).toString('base64url') };
        const rp = await configure(tenant.tenant, wrong, method);
        // RFC 6749 §5.2: 401 with a Basic challenge, which openid-client reports as a challenge.
        const error = await oidc.refreshTokenGrant(rp.config, randomBytes(32).toString('base64url')).then(
          () => assert.fail('a wrong secret was accepted'), caught => caught);
        assert.ok(error instanceof oidc.WWWAuthenticateChallengeError, `expected a challenge, got ${error}`);
        assert.equal(error.status, 401);
        assert.equal(error.cause[0].scheme, 'basic');
        assert.equal((await error.response.json()).error, 'invalid_client');
      });
    }
  });

  describe('authorization codes', () => {
    it('a code redeemed twice fails the second time with invalid_grant and revokes the tokens of the first', async () => {
      const rp = await configure(tenant.tenant, tenant.apps.web);
      const flow = await authorize(rp, tenant.user, { redirectUri: WEB_CALLBACK });
      const first = await redeem(rp, flow);
      await assert.rejects(redeem(rp, flow), oauthError('invalid_grant'));
      assert.equal((await oidc.tokenIntrospection(rp.config, first.access_token)).active, false);
      await assert.rejects(oidc.fetchUserInfo(rp.config, first.access_token, tenant.user.id), bearerChallenge('invalid_token'));
      await assert.rejects(oidc.refreshTokenGrant(rp.config, first.refresh_token), oauthError('invalid_grant'));
    });
  });
});

// Tenants signing with the other algorithms Gatehouse offers; openid-client (through
// oauth4webapi and WebCrypto) verifies both.
for (const algorithm of ['ES256', 'EdDSA']) {
  describe(`a tenant signing ${algorithm}`, () => {
    let tenant;
    before(async () => {
      const id = `rp-${algorithm.toLowerCase()}`;
      await server.manage('POST', 'system', 'tenants', { id, signing_alg: algorithm });
      await eventually(`tenant ${id}`, async () => {
        const response = await server.fetch(`${server.issuer(id)}.well-known/openid-configuration`);
        await response.arrayBuffer();
        return response.status === 200;
      });
      tenant = await provision(id);
    });

    it(`discovery lists ${algorithm}, and openid-client verifies the ${algorithm} ID token with the JWKS`, async () => {
      const rp = await configure(tenant.tenant, tenant.apps.web);
      assert.ok(rp.config.serverMetadata().id_token_signing_alg_values_supported.includes(algorithm));
      const { flow, tokens } = await signIn(rp, tenant.user, 'web');
      assert.equal(jwtHeader(tokens.id_token).alg, algorithm);
      assert.equal(tokens.claims().iss, server.issuer(tenant.tenant));
      assert.equal(tokens.claims().nonce, flow.nonce);
      assert.ok(rp.requests.some(request => request.url.href === rp.config.serverMetadata().jwks_uri));
      const refreshed = await oidc.refreshTokenGrant(rp.config, tokens.refresh_token);
      assert.equal(jwtHeader(refreshed.id_token).alg, algorithm);
      assert.equal((await oidc.fetchUserInfo(rp.config, refreshed.access_token, tenant.user.id)).sub, tenant.user.id);
    });

    it(`an ${algorithm} ID token with a changed signature is rejected`, async () => {
      const rp = await configure(tenant.tenant, tenant.apps.spa);
      const flow = await authorize(rp, tenant.user, { redirectUri: SPA_CALLBACK });
      alterIdTokenSignatures(rp);
      await assert.rejects(redeem(rp, flow), rejectedBy(/signature verification failed/));
    });
  });
}
