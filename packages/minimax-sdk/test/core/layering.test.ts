/**
 * The lint keeps the layers apart: `core/` imports nothing from `resources/`, and no module imports
 * itself round a cycle. This proves the rules fire, on a scratch tree linted with the project's
 * own Biome configuration.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const biome = join(root, 'node_modules', '.bin', 'biome');
const scratch = mkdtempSync(join(tmpdir(), 'minimax-layering-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function lint(files: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(join(scratch, 'case-'));
  const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8')) as Record<string, unknown>;
  delete config.$schema;
  writeFileSync(join(dir, 'biome.json'), JSON.stringify(config));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const run = spawnSync(biome, ['lint', '.'], { cwd: dir, encoding: 'utf8', timeout: 15_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const SRC = 'packages/minimax-sdk/src';

describe('layering lint rules', () => {
  it('refuse an import of resources/ from core/', () => {
    const { status, output } = lint({
      [`${SRC}/resources/files.ts`]: 'export class Files {}\n',
      [`${SRC}/core/probe.ts`]: "import { Files } from '../resources/files.js';\n\nexport const f = Files;\n",
    });
    expect(status).toBe(1);
    expect(output).toContain('lint/style/noRestrictedImports');
  });

  it('refuse an import cycle', () => {
    const { status, output } = lint({
      [`${SRC}/resources/a.ts`]: "import { b } from './b.js';\n\nexport const a = () => b;\n",
      [`${SRC}/resources/b.ts`]: "import { a } from './a.js';\n\nexport const b = () => a;\n",
    });
    expect(status).toBe(1);
    expect(output).toContain('lint/suspicious/noImportCycles');
  });

  it('accept resources importing core', () => {
    const { status, output } = lint({
      [`${SRC}/core/base.ts`]: 'export class Base {}\n',
      [`${SRC}/resources/files.ts`]:
        "import { Base } from '../core/base.js';\n\nexport class Files extends Base {}\n",
    });
    expect(output).not.toContain('noRestrictedImports');
    expect(status).toBe(0);
  });
});
