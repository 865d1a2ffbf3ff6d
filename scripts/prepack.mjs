// Runs as each package's `prepack`: copies the repository's LICENSE and CHANGELOG.md into the
// package folder, so every published tarball carries them (one source of truth at the root).
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
for (const file of ['LICENSE', 'CHANGELOG.md']) copyFileSync(join(root, file), join(process.cwd(), file));
