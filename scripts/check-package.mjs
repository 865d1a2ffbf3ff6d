// Packs every workspace package as npm would publish it and checks each tarball: its contents
// (README, LICENSE, CHANGELOG, the files its manifest points at), its metadata, publint --strict,
// and @arethetypeswrong/cli on every profile (node10 included) for packages with declarations.
// Then a consumer typecheck matrix compiles the SDK's declarations the way projects do
// (node10, node16, nodenext, bundler; DOM-only and Node-only; skipLibCheck false), and the packed
// CLI is installed in a scratch folder and run as `npx` would (`minimax demo`).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
const failures = [];
const fail = (message) => {
  failures.push(message);
  console.error(`✗ ${message}`);
};
const REQUIRED_FIELDS = [
  'name',
  'version',
  'description',
  'license',
  'repository',
  'homepage',
  'bugs',
  'keywords',
];
const REQUIRED_FILES = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];
// The published names and their commands: `minimax-cli` on npm is another project's, so the CLI
// is `minimax-sdk-cli` (free when chosen: `npm view minimax-sdk-cli` answered 404), bin `minimax`.
const EXPECTED_BINS = { 'minimax-sdk-cli': 'minimax' };

const dir = mkdtempSync(join(tmpdir(), 'minimax-pack-'));
const tarballs = {};
try {
  const { workspaces } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  for (const folder of workspaces) {
    const manifest = JSON.parse(readFileSync(join(ROOT, folder, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '-w', folder, '--pack-destination', dir, '--json', '--silent'], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    const tarball = join(dir, packed.filename);
    tarballs[manifest.name] = tarball;
    const files = new Set(packed.files.map((f) => f.path));
    console.log(`${manifest.name}: ${files.size} files, ${(packed.size / 1024).toFixed(1)} KiB packed`);
    for (const field of REQUIRED_FIELDS)
      if (manifest[field] === undefined) fail(`${manifest.name}: no "${field}"`);
    for (const file of REQUIRED_FILES) if (!files.has(file)) fail(`${manifest.name}: tarball lacks ${file}`);
    const bins = typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {});
    for (const bin of Object.values(bins))
      if (!files.has(bin.replace(/^\.\//, ''))) fail(`${manifest.name}: tarball lacks bin ${bin}`);
    const command = EXPECTED_BINS[manifest.name];
    if (command && !bins[command]) fail(`${manifest.name}: no \`${command}\` bin`);
    for (const file of files)
      if (/(^|\/)(test|src)\/|\.tsbuildinfo$|\.map$/.test(file))
        fail(`${manifest.name}: tarball holds ${file}`);
    run('npx', ['publint', '--strict', folder]);
    if (manifest.types || manifest.exports) run('npx', ['attw', tarball, '--profile', 'strict']);
  }
  const sdk = tarballs['minimax-sdk'];
  if (!sdk) fail('no minimax-sdk tarball');
  else consumerMatrix(sdk);
  for (const name of Object.keys(EXPECTED_BINS))
    if (!tarballs[name]) fail(`no ${name} tarball: a workspace package must be published by that name`);
  const cli = tarballs['minimax-sdk-cli'];
  if (cli && sdk) npxDemo(sdk, cli);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.error(`check:package: ${failures.length} problem(s)`);
  process.exit(1);
}
console.log('check:package: every package passed');

/** Compiles a consumer of the packed SDK under each module setting, with DOM-only and Node-only libs. */
function consumerMatrix(tarball) {
  const consumer = join(dir, 'consumer');
  const pkgDir = join(consumer, 'node_modules', 'minimax-sdk');
  mkdirSync(pkgDir, { recursive: true });
  run('tar', ['xzf', tarball, '-C', pkgDir, '--strip-components=1']);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  const use = [
    "import MiniMax, { Chat, createClient, MiniMaxError, Text, toFile, type ClientOptions } from 'minimax-sdk';",
    "const options: ClientOptions = { apiKey: 'k' };",
    'const client = new MiniMax(options);',
    // The opt-in client: its keys and classes are checked through the packed declarations too.
    'const chosen = createClient({ ...options, resources: { text: Text, chat: Chat } });',
    'export const chosenText: MiniMax["text"] = chosen.text;',
    '// @ts-expect-error not chosen',
    'export const notChosen = chosen.speech;',
    '// @ts-expect-error each key takes its own class',
    'export const wrong = createClient({ ...options, resources: { text: Chat } });',
    'export async function go(): Promise<string> {',
    "  const file = await toFile(new Uint8Array([1]), 'a.bin');",
    "  try { await client.text.create({ model: 'MiniMax-M2.7', max_tokens: 8, messages: [] }); }",
    '  catch (error) { if (error instanceof MiniMaxError) return error.message; }',
    '  return String(file);',
    '}',
  ].join('\n');
  const mockUse =
    "import { startMockServer } from 'minimax-sdk/mock';\nexport const start = startMockServer;\n";
  const setups = {
    node10: { module: 'commonjs', moduleResolution: 'node10', files: { 'a.ts': use, 'm.ts': mockUse } },
    node16: {
      module: 'node16',
      moduleResolution: 'node16',
      files: { 'a.mts': use, 'b.cts': use, 'm.mts': mockUse },
    },
    nodenext: {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      files: { 'a.mts': use, 'b.cts': use, 'm.cts': mockUse },
    },
    bundler: { module: 'esnext', moduleResolution: 'bundler', files: { 'a.ts': use, 'm.ts': mockUse } },
  };
  const libs = {
    dom: { lib: ['es2022', 'dom', 'dom.iterable'], types: [] },
    node: { lib: ['es2022'], types: ['node'] },
  };
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const [name, setup] of Object.entries(setups)) {
    for (const [libName, lib] of Object.entries(libs)) {
      const project = join(consumer, `${name}-${libName}`);
      mkdirSync(project, { recursive: true });
      const files = Object.entries(setup.files).filter(
        ([file]) => libName === 'node' || !file.startsWith('m.'),
      );
      for (const [file, text] of files) writeFileSync(join(project, file), text);
      writeFileSync(
        join(project, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            module: setup.module,
            moduleResolution: setup.moduleResolution,
            target: 'es2022',
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            esModuleInterop: true,
            ...lib,
            typeRoots: [join(ROOT, 'node_modules', '@types')],
          },
          files: files.map(([file]) => file),
        }),
      );
      try {
        execFileSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8', stdio: 'pipe' });
        console.log(`consumer ${name} (${libName}): types compile`);
      } catch (error) {
        fail(`consumer ${name} (${libName}) does not compile:\n${error.stdout ?? error.message}`);
      }
    }
  }
}

/** Installs the packed CLI and SDK in a scratch folder and runs `minimax demo` from there. */
function npxDemo(sdk, cli) {
  const scratch = join(dir, 'npx');
  mkdirSync(scratch, { recursive: true });
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  run('npm', ['install', '--no-audit', '--no-fund', '--silent', sdk, cli], { cwd: scratch });
  const bin = join(scratch, 'node_modules', '.bin', 'minimax');
  if (!existsSync(bin)) return fail('the packed CLI installs no `minimax` bin');
  try {
    const out = execFileSync(bin, ['demo'], {
      cwd: scratch,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 240_000,
    });
    if (!existsSync(join(scratch, 'minimax-demo')))
      fail('`minimax demo` from the packed CLI wrote no ./minimax-demo');
    else
      console.log(`packed CLI: \`minimax demo\` ran from a scratch folder (${out.split('\n').length} lines)`);
  } catch (error) {
    fail(`\`minimax demo\` from the packed CLI failed:\n${error.stderr ?? error.message}`);
  }
}
