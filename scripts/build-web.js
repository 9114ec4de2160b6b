// Builds the front end (web/) into web/dist with Vite. Run by `npm ci` (prepare) and `npm run build:web`.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('web/index.html')) {
  console.log('build-web: no web/index.html yet, nothing to build');
  process.exit(0);
}
const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
