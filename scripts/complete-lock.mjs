// Adds lockfile entries for platform-specific optional packages that npm could not record.
//
// The registry mirror on our build machines serves only the linux-x64 builds of packages such as
// @biomejs/cli-*, @rollup/rollup-* and @esbuild/*, so `npm install` leaves the other platforms'
// builds out of package-lock.json, and `npm ci` then refuses the lockfile as out of sync (on every
// machine, not only ours). Each missing package gets an entry marked optional, with the os / cpu /
// libc its name states, so npm skips it where it does not apply and fetches it by name where it
// does. Run after any `npm install` that changes dependencies: node scripts/complete-lock.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const OS = [
  'linux',
  'darwin',
  'win32',
  'android',
  'freebsd',
  'openbsd',
  'netbsd',
  'sunos',
  'aix',
  'openharmony',
];
const CPU = ['x64', 'arm64', 'arm', 'ia32', 'loong64', 'riscv64', 's390x', 'ppc64', 'mips64el', 'wasm32'];

/** `@rollup/rollup-linux-arm64-musl` → { os: ['linux'], cpu: ['arm64'], libc: ['musl'] }. */
export function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((part) => OS.includes(part));
  const cpu = parts.find((part) => CPU.includes(part));
  const entry = {};
  if (os) entry.os = [os];
  if (cpu) entry.cpu = [cpu];
  if (parts.includes('musl')) entry.libc = ['musl'];
  else if (os === 'linux' && parts.some((part) => part === 'gnu' || part.startsWith('gnueabi')))
    entry.libc = ['glibc'];
  return entry;
}

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    // npm looks for a dependency beside its parent first, then up the tree.
    const candidates = [];
    for (let base = location; ; base = base.slice(0, Math.max(0, base.lastIndexOf('/node_modules/')))) {
      candidates.push(`${base ? `${base}/` : ''}node_modules/${name}`);
      if (!base.includes('/node_modules/')) break;
    }
    candidates.push(`node_modules/${name}`);
    if (candidates.some((candidate) => candidate in packages)) continue;
    const platform = platformOf(name);
    if (!platform.os && !platform.cpu) continue;
    packages[`node_modules/${name}`] = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...platform,
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform-specific optional entries added`);
