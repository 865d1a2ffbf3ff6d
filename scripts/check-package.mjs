// Packs each library package as npm would publish it, then checks the tarball with publint and
// @arethetypeswrong/cli, so a broken exports map or missing declarations fail `npm test`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'minimax-pack-'));
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'inherit', ...opts });
// Every published library package, by npm name and folder (the CLI is a bin without exports).
const PACKAGES = [
  ['minimax-sdk', 'packages/minimax-sdk'],
  ['minimax-ai-provider', 'packages/minimax-ai-provider'],
  ['minimax-sdk-mcp', 'packages/minimax-mcp'],
];
try {
  for (const [name, folder] of PACKAGES) {
    const out = execFileSync('npm', ['pack', '-w', name, '--pack-destination', dir, '--json'], {
      encoding: 'utf8',
    });
    const tarball = join(dir, JSON.parse(out)[0].filename);
    run('npx', ['publint', '--strict', folder]);
    run('npx', ['attw', tarball, '--profile', 'node16']);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
