import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  // The build resolves minimax-sdk through its published exports (built first), not its sources,
  // so the declarations import it instead of inlining a copy of its types.
  tsconfig: 'tsconfig.build.json',
  dts: true,
  clean: true,
  target: 'node20',
  sourcemap: false,
  splitting: false,
  treeshake: true,
  external: ['minimax-sdk', '@ai-sdk/provider'],
  removeNodeProtocol: false,
});
