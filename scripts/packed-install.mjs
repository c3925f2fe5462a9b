#!/usr/bin/env node
// A merchant outside this repository, from the npm tarballs: pack every public package, `npm install` them
// with express into a fresh project, `bitpay-checkout init`, `pair` against a sandbox started from the
// packed bitpay-sandbox bin, mount the adapter with the README's quick-start code, create an invoice, pay
// it in the sandbox and see onStatusChange run. `pnpm test` runs it last; `--keep` leaves the project.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pnpm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['pnpm', []];
const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'bitpay-checkout-packed-'));
const children = [];

function step(text) {
  console.log(`  · ${text}`);
}

function sh(cmd, args, cwd, extra = {}) {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...extra });
}

/** Public packages: every workspace package that is not private. */
function publicPackages() {
  return readdirSync(join(root, 'packages'))
    .map((dir) => join(root, 'packages', dir))
    .filter((dir) => {
      try {
        return !JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private;
      } catch {
        return false;
      }
    });
}

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  return port;
}

/** Starts a program and resolves once a line of its output matches. */
function startUntil(cmd, args, cwd, pattern, env = process.env) {
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines = [];
  child.stdout.setEncoding('utf8').on('data', (d) => lines.push(...d.split('\n')));
  child.stderr.setEncoding('utf8').on('data', (d) => process.stderr.write(d));
  const waitFor = (re, ms = 30_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no line matching ${re} within ${ms} ms:\n${lines.join('\n')}`)),
        ms,
      );
      const check = () => {
        const hit = lines.find((l) => re.test(l));
        if (hit !== undefined) {
          clearTimeout(timer);
          child.stdout.off('data', check);
          resolve(hit);
        }
      };
      child.stdout.on('data', check);
      child.on('exit', (code) => reject(new Error(`${cmd} exited (${code}):\n${lines.join('\n')}`)));
      check();
    });
  return { child, ready: waitFor(pattern), waitFor };
}

/**
 * The README's server snippet (first ts block of "Integrating, in ten lines"), run as written, with three
 * things a real merchant has and the snippet leaves out: an `orders` object, the environment (a sandbox
 * URL instead of 'test') and the public URL for IPNs, plus `app.listen`.
 */
function quickStartServer(sandboxUrl, port) {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Integrating'));
  const snippet = section.match(/```ts\n([\s\S]*?)```/)?.[1];
  if (!snippet?.includes('createCheckoutAdapter')) throw new Error('README: no quick-start server snippet found');
  const code = snippet
    .replace(/environment: 'test'/, `environment: ${JSON.stringify(sandboxUrl)}`)
    .replace(/notificationURL: '[^']*'/, `notificationURL: 'http://127.0.0.1:${port}/bitpay/ipn'`);
  if (code === snippet) throw new Error('README: the snippet no longer has the environment / notificationURL lines');
  const orders = `// The merchant's order book: order 1042 costs 12.50 USD; every other call is the hook reporting.
const orders = new Proxy({}, {
  get: (_, name) => async (...args) => {
    if (name === 'priceOf') return args[0] === '1042' ? { price: 12.5, currency: 'USD', itemDesc: 'Order 1042' } : null;
    console.log('HOOK ' + JSON.stringify({ call: name, args }));
    return true;
  },
});
`;
  const imports = code.match(/^import .*$/gm).join('\n');
  const body = code.replace(/^import .*$/gm, '');
  return `${imports}\n${orders}${body}\napp.listen(${port}, '127.0.0.1', () => console.log('LISTENING'));\n`;
}

async function main() {
  console.log(
    `▶ packed install: the README's quick start from npm tarballs (in ${keep ? work : 'a temporary folder'})`,
  );
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  if (!process.argv.includes('--no-build')) {
    step('pnpm -r build');
    sh(pnpm[0], [...pnpm[1], '-r', '--silent', 'build'], root, { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  for (const dir of publicPackages()) {
    sh(pnpm[0], [...pnpm[1], 'pack', '--pack-destination', tarballs], dir, { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  step(`packed ${files.map((f) => f.replace(/^.*[/\\]/, '')).join(', ')}`);

  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'merchant-app', private: true, type: 'module' }));
  step('npm install <tarballs> express (better-sqlite3 may compile from source: a minute or two)');
  sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files, 'express'], app, {
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  const bin = (name) => join(app, 'node_modules', '.bin', name);
  step(sh(bin('bitpay-checkout'), ['init'], app).trim().split('\n')[0]);
  const sandboxPort = await freePort();
  const sandbox = startUntil(
    bin('bitpay-sandbox'),
    ['--port', String(sandboxPort), '--auto-approve'],
    app,
    /listening/,
  );
  await sandbox.ready;
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}/`;
  step(`sandbox from the packed bin at ${sandboxUrl}`);
  sh(bin('bitpay-checkout'), ['pair', '--facade', 'merchant', '--env', sandboxUrl], app);
  step('paired a merchant token with `bitpay-checkout pair`');

  const port = await freePort();
  writeFileSync(join(app, 'server.mjs'), quickStartServer(sandboxUrl, port));
  const server = startUntil(process.execPath, ['server.mjs'], app, /LISTENING/);
  await server.ready;
  const shop = `http://127.0.0.1:${port}`;

  const script = await fetch(`${shop}/bitpay/checkout.js`);
  if (script.status !== 200) throw new Error(`GET /bitpay/checkout.js answered ${script.status}`);
  step(`GET /bitpay/checkout.js → 200, ${(await script.arrayBuffer()).byteLength} bytes (the packed element's bundle)`);

  const created = await fetch(`${shop}/bitpay/invoices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: shop },
    body: JSON.stringify({ orderId: '1042' }),
  });
  const view = await created.json();
  if (!created.ok || view.price !== 12.5)
    throw new Error(`POST /bitpay/invoices: ${created.status} ${JSON.stringify(view)}`);
  step(`invoice ${view.id} for order 1042: ${view.price} ${view.currency}, ${view.status}`);

  const paid = await fetch(`${sandboxUrl}sandbox/invoices/${view.id}/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ amount: 'full' }),
  });
  if (!paid.ok) throw new Error(`sandbox pay: ${paid.status} ${await paid.text()}`);
  const hook = await server.waitFor(/^HOOK .*"paid"/);
  step(`onStatusChange ran: ${hook.slice(5)}`);
  console.log('✔ packed install: a merchant outside the repository got a paid order');
}

try {
  await main();
} catch (err) {
  console.error(`✖ packed install failed: ${err.stack ?? err}`);
  process.exitCode = 1;
} finally {
  for (const child of children) child.kill();
  if (!keep) rmSync(work, { recursive: true, force: true });
}
