/**
 * Smoke test of the benchmark code: every case once, at a tiny scale, so a broken case (or an SDK
 * path it uses) is caught by `npm test` without running the real benchmark (`npm run bench`).
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM without type declarations
import { CASES, runSuite } from './suite.mjs';

interface Row {
  name: string;
  case: string;
  unit: string;
  ours: number | null;
  baselines: Record<string, number | null>;
  ratios: Record<string, number | null>;
  target: string;
  met: boolean;
  errors?: Record<string, string>;
}

describe('bench (smoke, tiny sizes)', () => {
  it.each((CASES as { name: string }[]).map((c) => c.name))(
    '%s runs and reports',
    async (name) => {
      const report = await runSuite({ scale: 0.001, only: [name] });
      expect(report).toMatchObject({ node: process.version, scale: 0.001 });
      expect(typeof report.date).toBe('string');
      expect(typeof report.cpu).toBe('string');
      const rows = report.cases as Row[];
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.case).toBe(name);
        expect(row.errors).toBeUndefined();
        expect(row.ours).toEqual(expect.any(Number));
        expect(typeof row.met).toBe('boolean');
        expect(row.target).not.toBe('');
        for (const [baseline, value] of Object.entries(row.baselines)) {
          expect(value, baseline).toEqual(expect.any(Number));
          expect(row.ratios[baseline]).toBeCloseTo((row.ours as number) / (value as number), 6);
        }
      }
    },
    60_000,
  );
});
