// Fixture for the end-to-end tests: the npm packages they import are installed, at the versions
// package-lock.json pins. installer/test.sh runs `npm ci` in tests/e2e before ctest.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// playwright-core (>= 1.62) and openid-client's WebCrypto use need Node.js 20; Debian 12's own
// nodejs package is 18, which installer/install-deps.sh only falls back to on a machine without
// Node.js. Say so here rather than with a stack trace in every test.
const major = Number(process.versions.node.split('.')[0]);
if (major < 20) {
  console.error(`The end-to-end tests need Node.js 20 or newer; this is ${process.version}.`);
  process.exit(1);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const problems = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  if (!path.startsWith('node_modules/')) continue;
  try {
    const installed = JSON.parse(readFileSync(join(root, path, 'package.json'), 'utf8'));
    if (installed.version !== entry.version)
      problems.push(`${path}: ${installed.version} installed, ${entry.version} locked`);
  } catch {
    problems.push(`${path}: not installed`);
  }
}
if (problems.length) {
  console.error(`The end-to-end tests' npm packages are missing or stale:\n  ${problems.join('\n  ')}\n` +
                `Run \`npm ci\` in tests/e2e (installer/test.sh does).`);
  process.exit(1);
}
console.log(`${Object.keys(lock.packages).length - 1} npm packages installed as locked`);
