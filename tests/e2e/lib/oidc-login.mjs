// The user's side of the login for the openid-client test, without a browser: follows an
// authorization URL to the login page, reads its form (hidden fields and action) out of the HTML,
// keeps the cookies the server sets (gh_csrf, gh_session) and posts the username and password, as a
// browser submitting the form would. It returns the redirect to the application, which the
// relying party hands to openid-client. Redirects are never followed automatically, so every hop
// is checked.

// Cookies by name and path, sent back to paths under their Path. Attributes a browser would
// enforce (Secure, SameSite, HttpOnly) are ignored; the C++ tests check them.
export class CookieJar {
  #cookies = new Map(); // `${path}\n${name}` → { name, path, value }

  remember(response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const equals = pair.indexOf('=');
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      let path = '/';
      let expired = false;
      for (const attribute of attributes) {
        const [key, val = ''] = attribute.trim().split('=');
        if (key.toLowerCase() === 'path') path = val;
        if (key.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true;
      }
      const key = `${path}\n${name}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { name, path, value });
    }
  }

  header(url) {
    const { pathname } = new URL(url);
    return [...this.#cookies.values()]
      .filter(cookie => pathname.startsWith(cookie.path))
      .map(cookie => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  get(name) {
    return [...this.#cookies.values()].find(cookie => cookie.name === name)?.value;
  }
}

function unescapeHtml(text) {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function attribute(tag, name) {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? unescapeHtml(match[1]) : undefined;
}

// The page's first form with a password field: its action (absolute) and its named inputs'
// values.
export function parseLoginForm(html, pageUrl) {
  for (const [, attributes, body] of html.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)) {
    if (!/type="password"/.test(body)) continue;
    const fields = {};
    for (const [tag] of body.matchAll(/<input[^>]*>/g)) {
      const name = attribute(tag, 'name');
      if (name) fields[name] = attribute(tag, 'value') ?? '';
    }
    return { action: new URL(attribute(attributes, 'action') ?? '', pageUrl), fields };
  }
  throw new Error(`no login form on ${pageUrl}:\n${html.slice(0, 2000)}`);
}

export class FormLogin {
  constructor(fetch) {
    this.fetch = fetch;
    this.cookies = new CookieJar();
  }

  async request(url, init = {}) {
    const cookie = this.cookies.header(url);
    const response = await this.fetch(url, {
      ...init, redirect: 'manual',
      headers: { ...(init.headers ?? {}), ...(cookie ? { cookie } : {}) },
    });
    this.cookies.remember(response);
    return response;
  }

  // The Location of a 302/303, absolute; fails with the response otherwise.
  static async redirectTarget(response, from) {
    if (response.status !== 302 && response.status !== 303)
      throw new Error(`expected a redirect from ${from}, got ${response.status}:\n${(await response.text()).slice(0, 2000)}`);
    return new URL(response.headers.get('location'), from);
  }

  // GET authorizationUrl, then the login page; the page's URL and its form.
  async openLoginPage(authorizationUrl) {
    const pageUrl = await FormLogin.redirectTarget(await this.request(authorizationUrl), authorizationUrl);
    const page = await this.request(pageUrl);
    const html = await page.text();
    if (page.status !== 200) throw new Error(`login page ${pageUrl}: ${page.status}\n${html.slice(0, 2000)}`);
    const form = parseLoginForm(html, pageUrl);
    // docs/login.md: the page binds its CSRF field to the gh_csrf cookie it sets.
    if (!form.fields.state || !form.fields.csrf || !this.cookies.get('gh_csrf'))
      throw new Error(`the login page lacks state, csrf or the gh_csrf cookie: ${JSON.stringify(form.fields)}`);
    return { pageUrl, form };
  }

  // Posts the form with the credentials; returns the response (not followed).
  async submit(form, username, password) {
    const body = new URLSearchParams({ ...form.fields, username, password });
    return this.request(form.action, {
      method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  // Where the server sends the browser from `url` (a request that needs no login page).
  async redirectFrom(url) {
    return FormLogin.redirectTarget(await this.request(url), url);
  }

  // The whole login: the redirect URL back to the application (code, state, iss in its query).
  async login(authorizationUrl, username, password) {
    const { form } = await this.openLoginPage(authorizationUrl);
    const done = await this.submit(form, username, password);
    return FormLogin.redirectTarget(done, form.action);
  }
}
