import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'mock/index': 'src/mock/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  sourcemap: false,
  splitting: false,
  treeshake: true,
  external: ['ws'],
  // Keep 'node:' specifiers: bundlers for browsers and edge runtimes recognise and skip them.
  removeNodeProtocol: false,
});
