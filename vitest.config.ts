import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const sdkSrc = fileURLToPath(new URL('./packages/minimax-sdk/src/', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^minimax-sdk\/mock$/, replacement: `${sdkSrc}mock/index.ts` },
      { find: /^minimax-sdk$/, replacement: `${sdkSrc}index.ts` },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'bench/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    teardownTimeout: 10_000,
    pool: 'forks',
  },
});
