/**
 * The README's comparison with the other MiniMax integrations says, for each row, which test of
 * ours checks our claim. This keeps those names true: a renamed or deleted test fails here, so a
 * row cannot go on citing a test that no longer exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function rows(): string[][] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('### Compared with the other MiniMax integrations');
  const end = readme.indexOf('\n## ', start);
  return readme
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---') && !line.startsWith('| |'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

/** The title of every test (and describe block) in the packages' suites. */
function testTitles(): string[] {
  const titles: string[] = [];
  for (const pkg of readdirSync(join(ROOT, 'packages'))) {
    const dir = join(ROOT, 'packages', pkg, 'test');
    for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (!entry.endsWith('.test.ts')) continue;
      const text = readFileSync(join(dir, entry), 'utf8');
      for (const m of text.matchAll(/\b(?:it|test|describe)\(\s*(['"`])(.*?)\1/g)) titles.push(m[2] ?? '');
    }
  }
  return titles;
}

describe('the README comparison table', () => {
  const table = rows();
  const titles = testTitles();

  it('has its rows, each naming the test that checks it', () => {
    expect(table.length).toBeGreaterThan(10);
    for (const row of table) expect(row, row[0]).toHaveLength(4);
  });

  it('cites only tests that exist', () => {
    const cited = table.flatMap((row) => [...(row[3] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''));
    expect(cited.length).toBeGreaterThan(10);
    // A row may cite the part of a title that makes its point.
    const missing = cited.filter((name) => !titles.some((title) => title.includes(name)));
    expect(missing).toEqual([]);
  });
});
