// Whether the SDK's build (what the runtime matrix runs) is older than what it is built from, so
// `npm run test:runtimes` builds only when needed: CI's `npm test` has just built, and a second
// build there costs a minute of CI on 2 cores for nothing; run alone after an edit, it still
// builds first.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under `dir` (none when it does not exist). */
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

/**
 * Why the SDK in `sdkDir` needs building (no build, or an input newer than the oldest built
 * file), or undefined when its build is fresh. The inputs: `src`, `build` (its post-build step),
 * `package.json`, `tsup.config.ts`, `tsconfig.json` and the repository's `tsconfig.base.json`.
 */
export function staleBuild(sdkDir, root = join(sdkDir, '../..')) {
  const built = filesUnder(join(sdkDir, 'dist'));
  if (built.length === 0) return 'there is no build';
  const oldestBuilt = Math.min(...built.map((file) => statSync(file).mtimeMs));
  const inputs = [
    ...filesUnder(join(sdkDir, 'src')),
    ...filesUnder(join(sdkDir, 'build')),
    ...['package.json', 'tsup.config.ts', 'tsconfig.json'].map((name) => join(sdkDir, name)),
    join(root, 'tsconfig.base.json'),
  ];
  const newer = inputs.find((file) => existsSync(file) && statSync(file).mtimeMs > oldestBuilt);
  return newer ? `${relative(root, newer)} is newer than the build` : undefined;
}
