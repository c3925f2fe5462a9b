// `pnpm test:woo-e2e`: the plugin and the bridge on a real WordPress + WooCommerce. A fresh site per HPOS mode
// (private MariaDB, php -S with several workers), the built zip installed and activated, the BitPay sandbox and
// the bridge started, and in Chromium: an order through the block checkout and one through the classic checkout,
// each shown in the element, paid in the sandbox (on-hold, then processing), and refunded from the order screen.
// Skips, saying why, when the platform is not given (CI has none). Nothing of the platform enters the repository.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Sandbox, startSandbox } from '@bitpay-checkout/bitpay-sandbox';
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../../../scripts/chromium.mjs';
import { WooClient } from '../../src/woo/rest-client.js';
import { platformFromEnv } from './platform.js';
import {
  adminLogin,
  adminRefund,
  blockCheckout,
  classicCheckout,
  configureGateway,
  elementState,
  qrLoads,
} from './shop.js';
import { buildSite, freePort, Service, startMariaDb, startPhpServer, waitFor, waitForHttp, wpPhp } from './site.js';

const run = promisify(execFile);
const pkg = fileURLToPath(new URL('../../', import.meta.url));
const ADMIN_PASSWORD = `e2e-${randomBytes(6).toString('hex')}`;
const SECRET = randomBytes(32).toString('base64url');
const started = Date.now();
const results: { mode: string; checkout: string; order: number; invoice: string; steps: string[]; ok: boolean }[] = [];

function step(message: string): void {
  console.log(`  ✔ ${message} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new Error(message);
}

const found = platformFromEnv(process.env);
if ('missing' in found) {
  console.log('');
  console.log('  ⚠ SKIPPED: woo-bridge end-to-end test (real WordPress + WooCommerce)');
  console.log(`  ⚠ needs ${found.missing}.`);
  console.log(
    '  ⚠ Give the snapshots as bare git dirs (WC_GIT, WP_GIT; WC_TAG=10.0.2, WP_TAG=6.8.3 by default) or trees (WC_DIR, WP_DIR).',
  );
  console.log('');
  process.exit(0);
}
const source = found;
for (const tool of ['php', 'mariadbd', 'mariadb-install-db', 'mariadb']) {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
  } catch {
    console.log(`  ⚠ SKIPPED: woo-bridge end-to-end test: ${tool} is not installed.`);
    process.exit(0);
  }
}
// WordPress cannot install without mysqli, WooCommerce needs the rest: say which, not a failed wp_install().
const extensions = execFileSync('php', ['-m'], { encoding: 'utf8' }).toLowerCase().split(/\s+/);
const absent = ['mysqli', 'curl', 'mbstring', 'xml', 'intl', 'zip', 'gd'].filter((e) => !extensions.includes(e));
if (absent.length > 0) {
  console.log(`  ⚠ SKIPPED: woo-bridge end-to-end test: PHP lacks ${absent.join(', ')}.`);
  console.log(`  ⚠ On Debian: apt-get install ${absent.map((e) => `php-${e === 'mysqli' ? 'mysql' : e}`).join(' ')}`);
  process.exit(0);
}

console.log(`▶ woo-bridge e2e on ${source.describe}`);
const work = mkdtempSync(join(tmpdir(), 'bitpay-woo-e2e-'));
const logs = join(work, 'logs');
execFileSync('mkdir', ['-p', logs]);
const services: Service[] = [];
let sandbox: Sandbox | undefined;
let browser: Browser | undefined;
let failed = false;

/** The CLI from source (the bin runs dist/ once built, which may lag behind src/ in a checkout); async, as the sandbox runs in this process. */
async function cli(args: string[]): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['--conditions=@bitpay-checkout/source', '--import', 'tsx', 'src/cli.ts', ...args],
    {
      cwd: pkg,
      env: { ...process.env, BITPAY_CHECKOUT_WOO_CLI: '1' },
      encoding: 'utf8',
    },
  );
  return stdout;
}

async function sandboxPost(path: string, body: unknown): Promise<unknown> {
  const r = await fetch(`${sandbox!.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
  const json = await r.json();
  check(r.ok, `sandbox ${path} answered ${r.status}: ${JSON.stringify(json)}`);
  return json;
}

async function runMode(hpos: boolean, db: Awaited<ReturnType<typeof startMariaDb>>): Promise<void> {
  const mode = hpos ? 'HPOS on' : 'HPOS off';
  console.log(`\n▶ ${mode}: a fresh shop`);
  const dbName = hpos ? 'shop_hpos' : 'shop_posts';
  db.sql(`CREATE DATABASE ${dbName} CHARACTER SET utf8mb4`);
  const port = await freePort();
  const bridgePort = await freePort();
  const site = `http://127.0.0.1:${port}`;
  const bridgeUrl = `http://127.0.0.1:${bridgePort}`;
  const dir = join(work, dbName, 'www');
  buildSite({ wpDir: source.wpDir, wcDir: source.wcDir, dir, dbName, socket: db.socket, url: site });

  step('WordPress files and wp-config.php');
  installWordPress(dir);
  step('WordPress installed');
  const activated = wpPhp(
    dir,
    `require_once ABSPATH . 'wp-admin/includes/plugin.php';
    $r = activate_plugin( 'woocommerce/woocommerce.php' );
    return is_wp_error( $r ) ? $r->get_error_message() : 'ok';`,
  );
  check(activated === 'ok', `WooCommerce did not activate: ${activated}`);
  const shop = wpPhp(dir, setupShopPhp(hpos)) as {
    product: number;
    classic: number;
    block: number;
    ck: string;
    cs: string;
    hpos: boolean;
  };
  check(shop.hpos === hpos, `HPOS is ${shop.hpos ? 'on' : 'off'}, wanted ${mode}`);
  step(`WooCommerce ${wpPhp(dir, 'return WC()->version;')} active; ${mode}; a product; a REST key`);

  const debugLog = join(dir, 'debug.log');
  const logSize = () => (existsSync(debugLog) ? readFileSync(debugLog, 'utf8').length : 0);
  const beforeInstall = logSize();
  // The zip a merchant uploads, installed by WordPress's own plugin installer, then activated.
  const zip = join(pkg, 'dist', 'bitpay-checkout-for-woocommerce.zip');
  const installed = wpPhp(
    dir,
    `require_once ABSPATH . 'wp-admin/includes/file.php';
    require_once ABSPATH . 'wp-admin/includes/misc.php';
    require_once ABSPATH . 'wp-admin/includes/plugin.php';
    require_once ABSPATH . 'wp-admin/includes/class-wp-upgrader.php';
    wp_set_current_user( 1 );
    $skin = new WP_Ajax_Upgrader_Skin();
    $upgrader = new Plugin_Upgrader( $skin );
    $r = $upgrader->install( '${zip}' );
    if ( is_wp_error( $r ) || ! $r ) { return array( 'error' => is_wp_error( $r ) ? $r->get_error_message() : implode( '; ', $skin->get_error_messages() ) ); }
    $file = $upgrader->plugin_info();
    $a = activate_plugin( $file );
    return array( 'file' => $file, 'activated' => is_wp_error( $a ) ? $a->get_error_message() : true, 'data' => get_plugin_data( WP_PLUGIN_DIR . '/' . $file, false, false ) );`,
  ) as { error?: string; file: string; activated: true | string; data: Record<string, string> };
  check(!installed.error, `the zip did not install: ${installed.error}`);
  check(installed.activated === true, `the plugin did not activate: ${installed.activated}`);
  check(installed.data.RequiresPlugins === 'woocommerce', 'Requires Plugins is not read as woocommerce');
  const installLog = existsSync(debugLog) ? readFileSync(debugLog, 'utf8').slice(beforeInstall).trim() : '';
  check(installLog === '', `installing and activating the plugin logged:\n${installLog.slice(0, 1500)}`);
  step(
    `installed ${installed.file} ${installed.data.Version} from the zip and activated it: no output, nothing in debug.log`,
  );

  const php = startPhpServer(dir, dbName, port, logs);
  services.push(php);
  await waitForHttp(`${site}/wp-login.php`);
  step(`php -S on ${site}`);

  const bridge = new Service(
    `bridge-${dbName}`,
    process.execPath,
    ['--conditions=@bitpay-checkout/source', '--import', 'tsx', 'src/cli.ts', 'serve'],
    {
      cwd: pkg,
      logDir: logs,
      env: {
        ...process.env,
        BITPAY_CHECKOUT_WOO_CLI: '1',
        WOO_URL: site,
        WOO_CONSUMER_KEY: shop.ck,
        WOO_CONSUMER_SECRET: shop.cs,
        WOO_BRIDGE_SECRET: SECRET,
        BITPAY_ENV: sandbox!.url,
        BITPAY_KEY_FILE: join(work, 'bitpay', 'key.hex'),
        BITPAY_TOKENS_FILE: join(work, 'bitpay', 'tokens.json'),
        PORT: String(bridgePort),
        DATA_DIR: join(work, dbName, 'bridge-data'),
      },
    },
  );
  services.push(bridge);
  await waitFor('the bridge', () => /listening on/.test(bridge.output()), 60_000).catch((err) => {
    throw new Error(`${err.message}\n${bridge.output()}`);
  });
  step(`bridge on ${bridgeUrl}`);

  const woo = new WooClient({ url: site, consumerKey: shop.ck, consumerSecret: shop.cs });
  const page = await browser!.newPage();
  page.setDefaultTimeout(30_000);
  try {
    await adminLogin(page, site, ADMIN_PASSWORD);
    const tested = await configureGateway(page, site, bridgeUrl, SECRET);
    check(/^Connected\./.test(tested), `Test connection: ${tested}`);
    step(`gateway settings saved in wp-admin; Test connection: "${tested.slice(0, 140)}…"`);
    await page.context().clearCookies();

    for (const kind of ['block', 'classic'] as const) {
      const steps: string[] = [];
      const entry = { mode, checkout: kind, order: 0, invoice: '', steps, ok: false };
      results.push(entry);
      wpPhp(
        dir,
        `update_option( 'woocommerce_checkout_page_id', ${kind === 'block' ? shop.block : shop.classic} ); return 1;`,
      );
      const shopper = await browser!.newPage();
      shopper.setDefaultTimeout(30_000);
      try {
        const orderId =
          kind === 'block'
            ? await blockCheckout(shopper, site, shop.product)
            : await classicCheckout(shopper, site, shop.product, '/classic-checkout/');
        entry.order = orderId;
        const placed = await woo.getOrder(orderId);
        check(
          placed.payment_method === 'bitpay_checkout' && placed.status === 'pending',
          `order ${orderId} is ${placed.status} / ${placed.payment_method}`,
        );
        steps.push(`order #${orderId} placed through the ${kind} checkout (pending)`);
        step(`${kind} checkout: order #${orderId} placed, on the order-pay page`);

        const shown = await elementState(shopper);
        entry.invoice = shown.invoiceId;
        check(shown.status === 'new' && shown.price === Number(placed.total), `element shows ${JSON.stringify(shown)}`);
        check(await qrLoads(shopper), 'the QR code did not show (it must come from the bridge, not the shop)');
        const meta = placed.meta_data.find((m) => m.key === '_bitpay_checkout_invoice_id')?.value;
        check(meta === shown.invoiceId, `order meta names invoice ${String(meta)}, the element ${shown.invoiceId}`);
        steps.push(`element shows invoice ${shown.invoiceId} for ${shown.price} ${placed.currency} with its QR code`);
        step(
          `element shows invoice ${shown.invoiceId} (${shown.text.slice(0, 80)}…)${shown.qrLoaded ? '' : ' — QR not shown yet'}`,
        );

        await sandboxPost(`sandbox/invoices/${shown.invoiceId}/pay`, { amount: 'full' });
        await waitFor('on-hold', async () => (await woo.getOrder(orderId)).status === 'on-hold', 30_000);
        await elementState(shopper, 'paid');
        steps.push('paid in the sandbox → order on-hold, element "paid"');
        step('paid in the sandbox: order on-hold, the element says paid');

        await sandboxPost('sandbox/clock', { advanceMs: 10 * 60_000 });
        await waitFor('processing', async () => (await woo.getOrder(orderId)).status === 'processing', 30_000);
        const paid = await woo.getOrder(orderId);
        check(paid.transaction_id === shown.invoiceId, `transaction id ${paid.transaction_id}`);
        steps.push(`confirmed → order processing, transaction id ${paid.transaction_id}`);
        step('one block later: confirmed, order processing with the invoice id as transaction id');
        await shopper.waitForURL(/order-received/, { timeout: 20_000 }).then(
          () => steps.push('element returned the shopper to the thank-you page'),
          () => steps.push('(no redirect to the thank-you page seen)'),
        );

        await adminLogin(page, site, ADMIN_PASSWORD);
        const alert = await adminRefund(page, site, orderId, hpos, paid.total);
        check(alert === null, `refund: ${alert}`);
        await waitFor('refunded', async () => (await woo.getOrder(orderId)).status === 'refunded', 30_000);
        steps.push(`refunded ${paid.total} from the order screen → order refunded`);
        step(`refund of ${paid.total} from the order screen: order refunded`);

        const refunds = (await (await fetch(`${sandbox!.url}sandbox/refunds`)).json()) as {
          data: { id: string; invoice: string }[];
        };
        const refund = refunds.data.find((r) => r.invoice === shown.invoiceId);
        check(refund, `no BitPay refund for invoice ${shown.invoiceId}`);
        await sandboxPost(`sandbox/refunds/${refund.id}/status`, { status: 'success' });
        await waitFor(
          'the refund note',
          async () => {
            const notes = await woo.request<{ note: string }[]>('GET', `/wp-json/wc/v3/orders/${orderId}/notes`);
            return notes.some((n) => /^BitPay refunded/.test(n.note));
          },
          30_000,
        );
        steps.push('BitPay completed the refund → note on the order');
        step('BitPay completed the refund: the bridge noted it on the order');
        entry.ok = true;
      } catch (err) {
        await shopper.screenshot({ path: join(logs, `${dbName}-${kind}-failure.png`), fullPage: true }).catch(() => {});
        throw err;
      } finally {
        await shopper.close();
      }
    }
  } catch (err) {
    await page.screenshot({ path: join(logs, `${dbName}-admin-failure.png`), fullPage: true }).catch(() => {});
    throw err;
  } finally {
    await page.close();
    const debug = debugLog;
    const ours = existsSync(debug)
      ? readFileSync(debug, 'utf8')
          .split('\n')
          .filter((l) => /bitpay-checkout-for-woocommerce/.test(l))
      : [];
    if (ours.length) {
      console.log(`  ✖ PHP notices from the plugin in ${mode}:\n    ${ours.slice(0, 10).join('\n    ')}`);
      failed = true;
    } else console.log(`  ✔ no PHP notice, warning or deprecation from the plugin in debug.log (${mode})`);
    await bridge.stop();
    await php.stop();
  }
}

function installWordPress(dir: string): void {
  const out = execFileSync(
    'php',
    [
      '-r',
      `define('WP_INSTALLING', true); chdir('${dir}'); require '${dir}/wp-load.php'; require_once ABSPATH . 'wp-admin/includes/upgrade.php';
       $r = wp_install('BitPay Checkout e2e shop', 'admin', 'admin@example.test', false, '', '${ADMIN_PASSWORD}');
       update_option('permalink_structure', '/%postname%/');
       echo is_wp_error($r) ? 'error' : 'ok';`,
    ],
    { encoding: 'utf8' },
  );
  check(out.trim().endsWith('ok'), `wp_install: ${out.slice(-500)}`);
}

function setupShopPhp(hpos: boolean): string {
  return `
    WC_Install::newly_installed();
    update_option( 'woocommerce_coming_soon', 'no' );
    update_option( 'woocommerce_store_pages_only', 'no' );
    update_option( 'woocommerce_default_country', 'US:CA' );
    update_option( 'woocommerce_currency', 'USD' );
    update_option( 'woocommerce_enable_guest_checkout', 'yes' );
    update_option( 'woocommerce_onboarding_profile', array( 'skipped' => true ) );
    $sync = wc_get_container()->get( \\Automattic\\WooCommerce\\Internal\\DataStores\\Orders\\DataSynchronizer::class );
    if ( ${hpos ? 'true' : 'false'} ) {
      if ( ! $sync->check_orders_table_exists() ) { $sync->create_database_tables(); }
      update_option( 'woocommerce_custom_orders_table_enabled', 'yes' );
    } else {
      update_option( 'woocommerce_custom_orders_table_enabled', 'no' );
      update_option( 'woocommerce_custom_orders_table_data_sync_enabled', 'no' );
    }
    $product = new WC_Product_Simple();
    $product->set_name( 'Satoshi sticker' );
    $product->set_regular_price( '25.00' );
    $product->set_virtual( true );
    $product->set_status( 'publish' );
    $product->save();
    $classic = wp_insert_post( array( 'post_type' => 'page', 'post_status' => 'publish', 'post_title' => 'Classic checkout', 'post_name' => 'classic-checkout', 'post_content' => '<!-- wp:shortcode -->[woocommerce_checkout]<!-- /wp:shortcode -->' ) );
    global $wpdb;
    $ck = 'ck_' . wc_rand_hash();
    $cs = 'cs_' . wc_rand_hash();
    $wpdb->insert( $wpdb->prefix . 'woocommerce_api_keys', array( 'user_id' => 1, 'description' => 'BitPay Checkout bridge', 'permissions' => 'read_write', 'consumer_key' => wc_api_hash( $ck ), 'consumer_secret' => $cs, 'truncated_key' => substr( $ck, -7 ) ) );
    flush_rewrite_rules( false );
    return array(
      'product' => $product->get_id(),
      'classic' => $classic,
      'block' => wc_get_page_id( 'checkout' ),
      'ck' => $ck,
      'cs' => $cs,
      'hpos' => \\Automattic\\WooCommerce\\Utilities\\OrderUtil::custom_orders_table_usage_is_enabled(),
    );`;
}

try {
  execFileSync(process.execPath, ['scripts/build-zip.mjs'], { cwd: pkg, stdio: 'inherit' });
  // The element's bundle as this checkout's source makes it (the bridge serves it to the shop's pages).
  execFileSync(process.execPath, ['scripts/build-bundle.mjs'], {
    cwd: join(pkg, '..', 'checkout-element'),
    stdio: 'inherit',
  });
  const db = await startMariaDb(join(work, 'mariadb'), logs);
  services.push(db.service);
  step('private MariaDB on a socket');
  sandbox = await startSandbox({ port: 0, autoApprove: true });
  await cli(['init', '--dir', join(work, 'bitpay')]);
  await cli(['pair', '--facade', 'merchant', '--env', sandbox.url, '--dir', join(work, 'bitpay')]);
  step(`sandbox on ${sandbox.url}; bridge key made and paired (merchant facade)`);
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  const modes = (process.env.WOO_E2E_HPOS ?? 'on,off').split(',');
  for (const m of modes) await runMode(m.trim() === 'on', db);
} catch (err) {
  failed = true;
  console.error(`\n✖ ${err instanceof Error ? err.stack : err}`);
  console.error(`  logs and screenshots: ${logs}`);
  for (const s of services) {
    const tail = s.output().split('\n').slice(-15).join('\n    ');
    if (tail.trim()) console.error(`  --- ${s.log}:\n    ${tail}`);
  }
} finally {
  await browser?.close();
  for (const s of services.reverse()) await s.stop();
  await sandbox?.close();
}

console.log('\n▶ summary');
for (const r of results) {
  console.log(
    `  ${r.ok ? '✔' : '✖'} ${r.mode}, ${r.checkout} checkout: order #${r.order}, invoice ${r.invoice || '-'}`,
  );
  for (const s of r.steps) console.log(`      · ${s}`);
}
const wanted = (process.env.WOO_E2E_HPOS ?? 'on,off').split(',').length * 2;
if (failed || results.filter((r) => r.ok).length !== wanted) {
  console.log(
    `✖ woo-bridge e2e failed after ${((Date.now() - started) / 1000).toFixed(0)} s (work folder kept: ${work})`,
  );
  process.exit(1);
}
if (!process.env.WOO_E2E_KEEP) rmSync(work, { recursive: true, force: true });
console.log(`✔ woo-bridge e2e passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
