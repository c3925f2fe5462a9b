import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const plugin = `${pkg}plugin/`;

/** Names in a zip's central directory. */
function zipNames(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    names.push(zip.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at += 46 + nameLength + extra + comment;
  }
  return names;
}

describe('the WordPress plugin', () => {
  it('declares what a modern WooCommerce gateway declares in its header', () => {
    const main = readFileSync(`${plugin}bitpay-checkout-for-woocommerce.php`, 'utf8');
    for (const field of [
      'Plugin Name',
      'Version',
      'Requires at least',
      'Requires PHP',
      'Requires Plugins',
      'WC requires at least',
      'WC tested up to',
      'Text Domain',
      'Domain Path',
    ]) {
      expect(main, field).toMatch(new RegExp(`^ \\* ${field}:\\s+\\S`, 'm'));
    }
    expect(main).toMatch(/Requires Plugins:\s+woocommerce$/m);
    expect(main).toMatch(/Text Domain:\s+bitpay-checkout-for-woocommerce$/m);
    const boot = readFileSync(`${plugin}includes/class-bitpay-checkout-plugin.php`, 'utf8');
    expect(boot).toContain("declare_compatibility( 'custom_order_tables'");
    expect(boot).toContain("declare_compatibility( 'cart_checkout_blocks'");
  });

  it('has a .pot with every translatable string', () => {
    const r = spawnSync(process.execPath, ['scripts/make-pot.mjs', '--check'], { cwd: pkg, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('builds into an installable zip with one top folder', () => {
    const r = spawnSync(process.execPath, ['scripts/build-zip.mjs'], { cwd: pkg, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const names = zipNames(readFileSync(`${pkg}dist/bitpay-checkout-for-woocommerce.zip`));
    expect(names).toContain('bitpay-checkout-for-woocommerce/bitpay-checkout-for-woocommerce.php');
    expect(names).toContain('bitpay-checkout-for-woocommerce/assets/js/blocks.js');
    expect(names).toContain('bitpay-checkout-for-woocommerce/languages/bitpay-checkout-for-woocommerce.pot');
    expect(names.every((n) => n.startsWith('bitpay-checkout-for-woocommerce/'))).toBe(true);
    if (spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0) {
      const t = spawnSync('unzip', ['-tq', `${pkg}dist/bitpay-checkout-for-woocommerce.zip`], { encoding: 'utf8' });
      expect(t.stdout).toMatch(/No errors detected/);
    }
  });

  it('block checkout script makes no synchronous request and needs no build', () => {
    const js = readFileSync(`${plugin}assets/js/blocks.js`, 'utf8');
    expect(js).toContain('registerPaymentMethod(');
    expect(js).not.toMatch(/XMLHttpRequest|\bimport\b|require\(/);
  });
});
