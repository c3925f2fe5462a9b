import { defineConfig } from 'vitest/config';

// Node-side tests of every package. Workspace packages resolve to their TypeScript source
// through the "@bitpay-checkout/source" export condition, so no build is needed first.
const source = {
  resolve: { conditions: ['@bitpay-checkout/source'] },
  ssr: { resolve: { conditions: ['@bitpay-checkout/source'], externalConditions: ['@bitpay-checkout/source'] } },
};
const common = { environment: 'node' as const, testTimeout: 30_000, hookTimeout: 60_000, pool: 'forks' as const };

export default defineConfig({
  ...source,
  test: {
    projects: [
      {
        ...source,
        test: {
          ...common,
          name: 'node',
          env: { EXPECT_EXPRESS_MAJOR: '5' },
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
          // Browser suites run under @web/test-runner / playwright, not vitest.
          exclude: ['**/node_modules/**', '**/dist/**', '**/*.browser.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
        // express is the merchant's (a peer dependency): the adapter's HTTP suites again, with the adapter
        // and the test apps on Express 4 (the devDependency "express4" is express@4).
        ...source,
        resolve: { ...source.resolve, alias: { express: 'express4' } },
        test: {
          ...common,
          name: 'express4',
          env: { EXPECT_EXPRESS_MAJOR: '4' },
          include: [
            'packages/server-adapter/test/http.test.ts',
            'packages/server-adapter/test/policies.test.ts',
            'packages/server-adapter/test/ipn.test.ts',
            'packages/server-adapter/test/express-version.test.ts',
            'packages/server-adapter/test/host-safety.test.ts',
            'packages/server-adapter/test/inline-qr.test.ts',
          ],
        },
      },
    ],
  },
});
