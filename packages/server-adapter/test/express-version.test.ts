import { describe, expect, it } from 'vitest';

// Run by both vitest projects, "node" (Express 5, the devDependency) and "express4" (the alias), so a
// green express4 project means the adapter's suites really ran on Express 4.
describe('the Express the adapter is mounted on', () => {
  it('is the major this project says', async () => {
    const { default: express } = await import('express');
    const { default: pkg } = await import('express/package.json', { with: { type: 'json' } });
    const version: string = pkg.version;
    const major = Number(version.split('.')[0]);
    expect(major).toBe(Number(process.env.EXPECT_EXPRESS_MAJOR));
    // And the module the adapter's own files import is that one (the alias reaches into its source too).
    const { createCheckoutAdapter } = await import('@bitpay-checkout/server-adapter');
    expect(createCheckoutAdapter).toBeTypeOf('function');
    expect(typeof express.Router).toBe('function');
  });
});
