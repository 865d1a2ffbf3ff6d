// Packs the SDK as npm would publish it, then checks the tarball with publint and
// @arethetypeswrong/cli, so a broken exports map or missing declarations fail `npm test`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'minimax-pack-'));
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'inherit', ...opts });
try {
  const out = execFileSync('npm', ['pack', '-w', 'minimax-sdk', '--pack-destination', dir, '--json'], {
    encoding: 'utf8',
  });
  const tarball = join(dir, JSON.parse(out)[0].filename);
  run('npx', ['publint', '--strict', 'packages/minimax-sdk']);
  run('npx', ['attw', tarball, '--profile', 'node16']);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
