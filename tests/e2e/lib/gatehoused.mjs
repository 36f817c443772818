// Starts a real gatehoused for an end-to-end test: `init` into a fresh data directory, `run` on a
// loopback port the kernel picks, and stop at the end. The server is the one ctest built (the
// GATEHOUSED environment variable); nothing here knows its internals beyond the command line and
// the public HTTP API.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';

export function gatehousedExecutable() {
  const executable = process.env.GATEHOUSED;
  if (!executable)
    throw new Error('GATEHOUSED is not set: run these tests through ctest, which points it at the built server');
  return executable;
}

// The environment without the caller's GATEHOUSE_* settings, so that a developer's shell cannot
// change what the test runs (as tests/integration/GatehousedProcess.cpp does).
function cleanEnvironment(extra = {}) {
  const environment = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('GATEHOUSE_') || name.startsWith('GATEHOUSE_TEST_'))
      environment[name] = value;
  }
  return { ...environment, GATEHOUSE_LOG_ACCESS_LOG: 'off', ...extra };
}

export class Gatehoused {
  // options: { tenant, http (plain HTTP instead of the self-signed HTTPS default), environment }
  static async start(options = {}) {
    const server = new Gatehoused(options);
    await server.#init();
    await server.#run();
    return server;
  }

  constructor(options) {
    this.options = options;
    this.root = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-'));
    this.dataDir = join(this.root, 'data');
    this.stderr = '';
  }

  async #init() {
    const args = ['init', '--data-dir', this.dataDir, '--listen', '127.0.0.1:0', '--json'];
    if (this.options.tenant) args.push('--tenant', this.options.tenant);
    if (this.options.http) args.push('--http');
    const out = execFileSync(gatehousedExecutable(), args, {
      env: cleanEnvironment(this.options.environment), stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.credentials = JSON.parse(out.toString());
  }

  async #run() {
    this.process = spawn(gatehousedExecutable(), ['run', '--data-dir', this.dataDir, '--listen', '127.0.0.1:0'], {
      env: cleanEnvironment(this.options.environment), stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.process.stderr.setEncoding('utf8');
    const ready = /serving (\S+) \(listening on port (\d+).*\) ready in (\d+) ms/;
    this.port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`gatehoused did not become ready:\n${this.stderr}`)), 20000);
      this.process.stderr.on('data', chunk => {
        this.stderr += chunk;
        const match = ready.exec(this.stderr);
        if (match) { clearTimeout(timer); resolve(Number(match[2])); }
      });
      this.process.on('exit', code => { clearTimeout(timer); reject(new Error(`gatehoused exited with ${code}:\n${this.stderr}`)); });
    });
    this.process.removeAllListeners('exit');
    this.exited = new Promise(resolve => this.process.on('exit', (code, signal) => resolve({ code, signal })));
  }

  get scheme() { return this.options.http ? 'http' : 'https'; }
  // The public URL uses `localhost`, as the issuer does; the browser and clients must use it too so
  // that cookies and issuer comparisons match.
  get origin() { return `${this.scheme}://localhost:${this.port}`; }
  issuer(tenant = this.credentials.tenant) { return `${this.origin}/t/${tenant}/`; }
  get certificatePath() { return join(this.dataDir, 'tls', 'server.crt'); }
  get outboxDir() { return join(this.dataDir, 'outbox'); }

  // fetch that trusts this server's self-signed certificate (and nothing else extra).
  get fetch() {
    if (this.options.http) return undiciFetch;
    if (!this.agent)
      this.agent = new Agent({ connect: { ca: readFileSync(this.certificatePath) } });
    return (url, init = {}) => undiciFetch(url, { ...init, dispatcher: this.agent });
  }

  async token(tenant, client) {
    const response = await this.fetch(`${this.issuer(tenant)}oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials', client_id: client.client_id,
        client_secret: client.client_secret, audience: client.audience,
      }),
    });
    const body = await response.json();
    if (response.status !== 200) throw new Error(`token for ${tenant}: ${response.status} ${JSON.stringify(body)}`);
    return body.access_token;
  }

  async systemToken() {
    // The audience printed by init names port 0; the API's audience follows the real port.
    const client = { ...this.credentials.system_management_client, audience: `${this.issuer('system')}api/v2/` };
    return this.token('system', client);
  }

  // A Management API call; returns { status, body }.
  async management(method, tenant, path, body, token) {
    token ??= this.cachedSystemToken ??= await this.systemToken();
    const response = await this.fetch(`${this.issuer(tenant)}api/v2/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  // Like management() but throws unless the status is the expected one.
  async manage(method, tenant, path, body, expected = method === 'POST' ? 201 : 200) {
    const reply = await this.management(method, tenant, path, body);
    if (reply.status !== expected)
      throw new Error(`${method} ${tenant} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  async stop() {
    if (this.agent) await this.agent.close();
    if (this.process && this.process.exitCode === null) {
      this.process.kill('SIGTERM');
      const { code } = await this.exited;
      if (code !== 0) throw new Error(`gatehoused exited with ${code}:\n${this.stderr}`);
    }
    if (!process.env.GATEHOUSE_TEST_KEEP) rmSync(this.root, { recursive: true, force: true });
  }
}
