// Fixture for the end-to-end tests: the npm packages they import are installed, at the versions
// package-lock.json pins. installer/test.sh runs `npm ci` in tests/e2e before ctest.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
