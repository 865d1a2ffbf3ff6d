import { defineConfig } from 'tsup';

const shared = {
  // The build resolves minimax-sdk through its published exports (built first), not its sources.
  tsconfig: 'tsconfig.build.json',
  target: 'node20',
  sourcemap: false,
  splitting: false,
  treeshake: true,
  external: ['minimax-sdk', '@modelcontextprotocol/sdk', 'zod'],
  removeNodeProtocol: false,
} as const;

export default defineConfig([
  { ...shared, entry: { index: 'src/index.ts' }, format: ['esm', 'cjs'], dts: true, clean: true },
  { ...shared, entry: { bin: 'src/bin.ts' }, format: ['esm'], banner: { js: '#!/usr/bin/env node' } },
]);
