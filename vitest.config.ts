import { defineConfig } from 'vitest/config';

// Node-side tests of every package. Workspace packages resolve to their TypeScript source
// through the "@bitpay-checkout/source" export condition, so no build is needed first.
export default defineConfig({
  resolve: { conditions: ['@bitpay-checkout/source'] },
  ssr: { resolve: { conditions: ['@bitpay-checkout/source'], externalConditions: ['@bitpay-checkout/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    // Browser suites run under @web/test-runner / playwright, not vitest.
    exclude: ['**/node_modules/**', '**/dist/**', '**/*.browser.test.ts', '**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
