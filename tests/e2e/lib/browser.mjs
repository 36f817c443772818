// Debian's Chromium driven by playwright-core (which never downloads a browser of its own), plus
// what the browser test records: numbered full-page screenshots and the main frame's navigations.
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

// base64(SHA-256(SubjectPublicKeyInfo)) of a PEM certificate: the form Chromium's
// --ignore-certificate-errors-spki-list takes.
export function spkiHash(certificatePath) {
  const certificate = new X509Certificate(readFileSync(certificatePath));
  const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

// The servers' certificates are self-signed. Rather than ignoring every certificate error, the
// browser accepts exactly these keys (by their SPKI hashes); any other bad certificate still fails.
export async function launchChromium({ trustedCertificates = [] } = {}) {
  const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  if (trustedCertificates.length)
    args.push(`--ignore-certificate-errors-spki-list=${trustedCertificates.map(spkiHash).join(',')}`);
  return chromium.launch({ executablePath: chromiumPath, headless: true, args });
}

// Full-page PNGs named in the order they were taken (01-login.png, 02-signup.png, …) in a
// directory emptied of earlier runs' PNGs first.
export class Screenshots {
  constructor(directory) {
    if (!directory) throw new Error('GATEHOUSE_TEST_ARTIFACTS is not set: run this test through ctest');
    this.directory = directory;
    this.written = [];
    mkdirSync(directory, { recursive: true });
    for (const name of readdirSync(directory))
      if (name.endsWith('.png')) rmSync(join(directory, name));
  }

  async take(page, name) {
    const file = join(this.directory, `${String(this.written.length + 1).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    this.written.push(file);
    return file;
  }
}

// The main frame's document responses (method, URL, status), in order, so that a test can check
// where a click or a redirect chain went and what each hop answered.
export class Navigations {
  constructor(page) {
    this.entries = [];
    page.on('response', response => {
      const request = response.request();
      if (request.isNavigationRequest() && request.frame() === page.mainFrame())
        this.entries.push({ method: request.method(), url: response.url(), status: response.status() });
    });
  }

  mark() { return this.entries.length; }
  since(mark) { return this.entries.slice(mark); }
}

// Cheap accessibility basics of a page: a language, one h1, and a label with text for every
// visible form control.
export async function accessibilityProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    if (!document.documentElement.lang) problems.push('<html> has no lang');
    if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one <h1>');
    for (const control of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
      const labels = [...(control.labels ?? [])].map(label => label.textContent.trim()).filter(Boolean);
      if (!labels.length && !control.getAttribute('aria-label'))
        problems.push(`${control.name || control.id || control.type} has no label`);
    }
    return problems;
  });
}
