// The login flow in a real browser (issue 3): Debian's Chromium, driven by playwright-core, signs
// up on the hosted pages, logs out, logs in, is signed in again silently by prompt=none, resets a
// forgotten password with the link from the outbox, logs in through an upstream OIDC connection
// (a second gatehoused) and logs out, against a relying party that uses openid-client. Every
// page shown is saved as a numbered full-page PNG in $GATEHOUSE_TEST_ARTIFACTS
// (build/<dir>/e2e-artifacts/browser/).
//
// The steps share one browser and depend on each other, so they run in order; a failing step
// makes the later ones fail too (the first failure is the one to read).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Gatehoused } from './lib/gatehoused.mjs';
import { RelyingParty } from './lib/relying-party.mjs';
import { Outbox } from './lib/outbox.mjs';
import { Navigations, Screenshots, accessibilityProblems, launchChromium } from './lib/browser.mjs';

const TENANT = 'acme';
const PROVIDER_TENANT = 'provider';
const CONNECTION = 'provider-gh';
const CONNECTION_DISPLAY = 'Provider Gatehouse';
const EMAIL = 'alice@example.com';
const FIRST_PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'tundra lantern violet quarry';
const UPSTREAM_EMAIL = 'uma@provider.example';
const UPSTREAM_PASSWORD = 'glacier orbit pepper maple';

let server, provider, rp, browser, page, shots, navigations, outbox;
const consoleErrors = [];
let signedUpSub;

const pathOf = url => new URL(url).pathname;

// Waits until `server` knows `clientId` with `redirectUri`: the client catalog picks new clients
// up asynchronously, and /authorize answers an unknown one with its error page (400) instead of
// redirecting (302).
async function untilClientIsKnown(gatehoused, tenant, clientId, redirectUri) {
  const url = new URL(`${gatehoused.issuer(tenant)}authorize`);
  url.search = new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, response_type: 'code', scope: 'openid', state: 'probe' });
  const deadline = Date.now() + 10000;
  for (;;) {
    const response = await gatehoused.fetch(url, { redirect: 'manual' });
    await response.arrayBuffer();
    if (response.status === 302) return;
    if (Date.now() > deadline) throw new Error(`${clientId} unknown at ${tenant} after 10 s (${response.status})`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

async function heading() {
  return (await page.getByRole('heading', { level: 1 }).textContent()).trim();
}

// The page is `path` on `origin`, its h1 says `title`, and its accessibility basics hold.
async function expectPage(origin, path, title) {
  assert.equal(new URL(page.url()).origin, origin, page.url());
  assert.equal(pathOf(page.url()), path, page.url());
  assert.equal(await heading(), title);
  assert.deepEqual(await accessibilityProblems(page), [], `accessibility of ${page.url()}`);
}

// Runs `action` (a click, a goto) and waits until the main frame has committed a new document
// whose URL satisfies `predicate` and loaded it; returns the navigations it made. (Not
// waitForURL: a form that posts to its own URL would satisfy it before the post is answered.)
async function navigate(action, predicate) {
  const mark = navigations.mark();
  const committed = page.waitForEvent('framenavigated',
    frame => frame === page.mainFrame() && predicate(new URL(frame.url())));
  await Promise.all([committed, action()]);
  await page.waitForLoadState('load');
  return navigations.since(mark);
}

const atRp = path => url => url.origin === rp.origin && url.pathname === path;
const atServer = path => url => url.origin === server.origin && url.pathname === `/t/${TENANT}/${path}`;

function statusOf(hops, origin, path) {
  const hop = hops.findLast(entry => new URL(entry.url).origin === origin && pathOf(entry.url) === path);
  assert.ok(hop, `no navigation to ${origin}${path} in ${JSON.stringify(hops)}`);
  return hop.status;
}

function rpClaimsShown() {
  return page.locator('dd[data-claim]').evaluateAll(cells =>
    Object.fromEntries(cells.map(cell => [cell.dataset.claim, cell.textContent])));
}

async function loginWithPassword(password) {
  await page.getByLabel('Email or username').fill(EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(password);
}

describe('the login flow in Chromium', () => {
  before(async () => {
    shots = new Screenshots(process.env.GATEHOUSE_TEST_ARTIFACTS);
    // The provider serves plain HTTP: an upstream connection trusts only the system's CAs (or an
    // operator's tls_ca_file, which the Management API may not set), and http is allowed for a
    // loopback issuer. Its own tenant gives its cookies a path of their own (/t/provider/) on
    // the same host, localhost.
    [server, provider] = await Promise.all([
      Gatehoused.start({ tenant: TENANT }),
      Gatehoused.start({ tenant: PROVIDER_TENANT, http: true }),
    ]);
    outbox = new Outbox(server.outboxDir);
    rp = await RelyingParty.start(server, TENANT, { name: 'Acme Store' });

    // The upstream: a user, and the first server registered as its application.
    await provider.manage('POST', PROVIDER_TENANT, 'users', {
      connection: 'Username-Password-Authentication', email: UPSTREAM_EMAIL,
      password: UPSTREAM_PASSWORD, name: 'Uma Upstream', email_verified: true,
    });
    const upstreamCallback = `${server.issuer(TENANT)}login/callback`;
    const asClient = await provider.manage('POST', PROVIDER_TENANT, 'clients', {
      name: 'Acme sign-in', app_type: 'regular_web', grant_types: ['authorization_code'],
      callbacks: [upstreamCallback],
    });
    await server.manage('POST', TENANT, 'connections', {
      name: CONNECTION, strategy: 'oidc', enabled_clients: [rp.clientId],
      options: {
        issuer: provider.issuer(PROVIDER_TENANT), client_id: asClient.client_id,
        client_secret: asClient.client_secret, display_name: CONNECTION_DISPLAY,
      },
    });
    await Promise.all([
      untilClientIsKnown(server, TENANT, rp.clientId, rp.callbackUrl),
      untilClientIsKnown(provider, PROVIDER_TENANT, asClient.client_id, upstreamCallback),
    ]);

    browser = await launchChromium({ trustedCertificates: [server.certificatePath] });
    const context = await browser.newContext({ viewport: { width: 900, height: 800 }, locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(15000);
    navigations = new Navigations(page);
    // Script errors, CSP violations (reported on the console) and failed subresources (a
    // stylesheet or icon the CSP or a route refused). A page's own status is asserted per step,
    // so the console's duplicate "Failed to load resource" for it is left out.
    page.on('console', message => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('response', response => {
      if (!response.request().isNavigationRequest() && response.status() >= 400)
        consoleErrors.push(`${response.url()}: ${response.status()}`);
    });
    page.on('requestfailed', request => consoleErrors.push(`${request.url()}: ${request.failure()?.errorText}`));
    page.on('pageerror', error => consoleErrors.push(`${page.url()}: ${error.message}`));
  });

  after(async () => {
    await browser?.close();
    await rp?.stop();
    await Promise.all([server?.stop(), provider?.stop()]);
    if (shots?.written.length)
      console.log(`screenshots written:\n  ${shots.written.join('\n  ')}`);
  });

  it('signs up through the hosted page and returns to the application signed in', async () => {
    let hops = await navigate(() => page.goto(rp.url('/login')), atServer('u/login'));
    assert.deepEqual(hops.map(hop => [pathOf(hop.url), hop.status]), [
      ['/login', 302], [`/t/${TENANT}/authorize`, 302], [`/t/${TENANT}/u/login`, 200]]);
    await expectPage(server.origin, `/t/${TENANT}/u/login`, 'Log in');
    assert.equal((await page.locator('.subtitle').textContent()).trim(), 'to continue to Acme Store');
    await shots.take(page, 'login');

    await navigate(() => page.getByRole('link', { name: 'Sign up' }).click(), atServer('u/signup'));
    await expectPage(server.origin, `/t/${TENANT}/u/signup`, 'Create your account');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(FIRST_PASSWORD);
    await shots.take(page, 'signup');

    hops = await navigate(() => page.getByRole('button', { name: 'Create account' }).click(), atRp('/callback'));
    assert.equal(statusOf(hops, server.origin, `/t/${TENANT}/u/signup`), 302);
    assert.equal(statusOf(hops, rp.origin, '/callback'), 200);
    await expectPage(rp.origin, '/callback', `Signed in as ${EMAIL}`);
    const claims = await rpClaimsShown();
    assert.match(claims.sub, /^auth0\|[0-9a-f]{24}$/);
    assert.equal(claims.iss, server.issuer(TENANT));
    assert.equal(claims.aud, rp.clientId);
    assert.equal(claims.email_verified, 'false');
    signedUpSub = claims.sub;
    // The SSO session as the browser keeps it (docs/login.md, step 5).
    const session = (await page.context().cookies(server.issuer(TENANT))).find(cookie => cookie.name === 'gh_session');
    assert.ok(session, 'gh_session set');
    assert.deepEqual([session.path, session.httpOnly, session.secure, session.sameSite],
      [`/t/${TENANT}/`, true, true, 'Lax']);
    await shots.take(page, 'rp-signed-in-after-signup');

    const welcome = await outbox.waitFor({ to: EMAIL, subject: 'Welcome' });
    assert.match(welcome.text, /was created/);
  });

  it('logs out without a return URL; prompt=none then answers login_required', async () => {
    let hops = await navigate(() => page.getByRole('link', { name: 'Log out' }).click(), atServer('oidc/logout'));
    assert.equal(statusOf(hops, server.origin, `/t/${TENANT}/oidc/logout`), 200);
    await expectPage(server.origin, `/t/${TENANT}/oidc/logout`, 'You are logged out');
    assert.match(await page.locator('main').textContent(), /You have been logged out/);
    assert.equal((await page.locator('header.brand').textContent()).trim(), TENANT, "the tenant's branding");
    const cookies = await page.context().cookies(server.origin + `/t/${TENANT}/`);
    assert.ok(!cookies.some(cookie => cookie.name === 'gh_session'), JSON.stringify(cookies));
    await shots.take(page, 'logged-out');

    hops = await navigate(() => page.goto(rp.url('/silent')), atRp('/callback'));
    assert.ok(!hops.some(hop => pathOf(hop.url).includes('/u/')), JSON.stringify(hops));
    await expectPage(rp.origin, '/callback', 'Not signed in');
    assert.equal(await page.locator('#error').textContent(), 'login_required');
    await shots.take(page, 'rp-silent-login-required');
  });

  it('logs in with the password; prompt=none then signs in without a page', async () => {
    await navigate(() => page.goto(rp.url('/login')), atServer('u/login'));
    await expectPage(server.origin, `/t/${TENANT}/u/login`, 'Log in');
    await loginWithPassword(FIRST_PASSWORD);
    await shots.take(page, 'login-filled');
    let hops = await navigate(() => page.getByRole('button', { name: 'Continue' }).click(), atRp('/callback'));
    assert.equal(statusOf(hops, server.origin, `/t/${TENANT}/u/login`), 302);
    await expectPage(rp.origin, '/callback', `Signed in as ${EMAIL}`);
    const loggedIn = await rpClaimsShown();
    assert.equal(loggedIn.sub, signedUpSub);
    await shots.take(page, 'rp-signed-in-with-password');

    hops = await navigate(() => page.goto(rp.url('/silent')), atRp('/callback'));
    // Straight through /authorize back to the application: no login page on the way.
    assert.deepEqual(hops.map(hop => [new URL(hop.url).origin, pathOf(hop.url), hop.status]), [
      [rp.origin, '/silent', 302], [server.origin, `/t/${TENANT}/authorize`, 302], [rp.origin, '/callback', 200]]);
    await expectPage(rp.origin, '/callback', `Signed in as ${EMAIL}`);
    const silent = await rpClaimsShown();
    assert.equal(silent.sub, signedUpSub);
    assert.equal(silent.auth_time, loggedIn.auth_time, 'the session of the password login');
    assert.notEqual(silent.nonce, loggedIn.nonce);
    await shots.take(page, 'rp-silent-signed-in');
  });

  it('resets a forgotten password with the link from the outbox', async () => {
    await navigate(() => page.goto(rp.url('/login?prompt=login')), atServer('u/login'));
    await navigate(() => page.getByRole('link', { name: 'Forgot password?' }).click(), atServer('u/reset-password/request'));
    await expectPage(server.origin, `/t/${TENANT}/u/reset-password/request`, 'Reset your password');
    await page.getByLabel('Email').fill(EMAIL);
    await shots.take(page, 'forgot-password');

    let hops = await navigate(() => page.getByRole('button', { name: 'Send reset link' }).click(), atServer('u/reset-password/request'));
    assert.equal(hops.at(-1).status, 200);
    assert.equal(await heading(), 'Check your email');
    assert.match(await page.locator('main').textContent(), /If an account exists for that address/);
    await shots.take(page, 'check-your-email');

    const mail = await outbox.waitFor({ to: EMAIL, subject: 'Choose a new password' });
    const link = /https:\/\/\S+\/u\/reset-password\?ticket=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    assert.ok(link, mail.text);
    assert.ok(link.startsWith(`${server.issuer(TENANT)}u/reset-password?ticket=`), link);

    hops = await navigate(() => page.goto(link), atServer('u/reset-password'));
    assert.equal(hops.at(-1).status, 200);
    await expectPage(server.origin, `/t/${TENANT}/u/reset-password`, 'Choose a new password');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await shots.take(page, 'reset-form');
    hops = await navigate(() => page.getByRole('button', { name: 'Set new password' }).click(), atServer('u/reset-password'));
    assert.equal(hops.at(-1).status, 200);
    assert.equal(await heading(), 'Your password was changed');
    await shots.take(page, 'reset-done');
    await outbox.waitFor({ to: EMAIL, subject: 'was changed' });

    // The link works once: the same ticket again is the error page.
    await navigate(() => page.goto(link), atServer('u/reset-password'));
    await page.getByLabel('New password', { exact: true }).fill('another fine passphrase');
    await page.getByLabel('Confirm new password').fill('another fine passphrase');
    hops = await navigate(() => page.getByRole('button', { name: 'Set new password' }).click(), atServer('u/reset-password'));
    assert.equal(hops.at(-1).status, 400);
    assert.match(await page.locator('main').textContent(), /This link is invalid, has expired or was used already/);
    assert.equal(await page.locator('main code').textContent(), 'invalid_reset_token');
    assert.equal(await heading(), 'This link cannot be used');
    assert.equal((await page.locator('header.brand').textContent()).trim(), TENANT, "the tenant's branding");
    await shots.take(page, 'reset-link-used-again');

    // The reset ended the browser's session.
    await navigate(() => page.goto(rp.url('/silent')), atRp('/callback'));
    assert.equal(await page.locator('#error').textContent(), 'login_required');

    // The old password fails with the generic message; the new one logs in.
    await navigate(() => page.goto(rp.url('/login')), atServer('u/login'));
    await loginWithPassword(FIRST_PASSWORD);
    hops = await navigate(() => page.getByRole('button', { name: 'Continue' }).click(), atServer('u/login'));
    assert.equal(hops.at(-1).status, 401);
    assert.equal((await page.getByRole('alert').first().textContent()).trim(), 'Wrong email or password.');
    await shots.take(page, 'login-old-password-refused');
    await loginWithPassword(NEW_PASSWORD);
    await navigate(() => page.getByRole('button', { name: 'Continue' }).click(), atRp('/callback'));
    await expectPage(rp.origin, '/callback', `Signed in as ${EMAIL}`);
    assert.equal((await rpClaimsShown()).sub, signedUpSub);
    await shots.take(page, 'rp-signed-in-with-new-password');
  });

  it('logs in through the upstream OIDC connection', async () => {
    await navigate(() => page.goto(rp.url('/login?prompt=login')), atServer('u/login'));
    const upstream = page.getByRole('link', { name: `Continue with ${CONNECTION_DISPLAY}` });
    const hops = await navigate(() => upstream.click(),
      url => url.origin === provider.origin && url.pathname === `/t/${PROVIDER_TENANT}/u/login`);
    assert.equal(statusOf(hops, server.origin, `/t/${TENANT}/u/upstream`), 302);
    await expectPage(provider.origin, `/t/${PROVIDER_TENANT}/u/login`, 'Log in');
    assert.equal((await page.locator('.subtitle').textContent()).trim(), 'to continue to Acme sign-in');
    await page.getByLabel('Email or username').fill(UPSTREAM_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(UPSTREAM_PASSWORD);
    await shots.take(page, 'upstream-provider-login');

    const back = await navigate(() => page.getByRole('button', { name: 'Continue' }).click(), atRp('/callback'));
    assert.equal(statusOf(back, provider.origin, `/t/${PROVIDER_TENANT}/u/login`), 302);
    assert.equal(statusOf(back, server.origin, `/t/${TENANT}/login/callback`), 302);
    await expectPage(rp.origin, '/callback', `Signed in as ${UPSTREAM_EMAIL}`);
    const claims = await rpClaimsShown();
    assert.match(claims.sub, new RegExp(`^oidc\\|${CONNECTION}\\|auth0\\|[0-9a-f]{24}$`));
    assert.equal(claims.name, 'Uma Upstream');
    await shots.take(page, 'rp-signed-in-upstream');
  });

  it('logs out at the end', async () => {
    await navigate(() => page.getByRole('link', { name: 'Log out' }).click(), atServer('oidc/logout'));
    assert.equal(await heading(), 'You are logged out');
    await shots.take(page, 'logged-out-at-the-end');
    await navigate(() => page.goto(rp.url('/silent')), atRp('/callback'));
    assert.equal(await page.locator('#error').textContent(), 'login_required');
    await shots.take(page, 'rp-silent-login-required-at-the-end');
  });

  it('showed no script, CSP or loading errors on any page', () => {
    assert.deepEqual(consoleErrors, []);
  });
});
