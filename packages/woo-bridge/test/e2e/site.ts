import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(what: string, ok: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A process group started with setsid; stopping it ends the workers that outlive their master. */
export class Service {
  readonly child: ChildProcess;
  readonly log: string;
  constructor(
    name: string,
    cmd: string,
    args: string[],
    opts: { cwd?: string; env?: NodeJS.ProcessEnv; logDir: string },
  ) {
    this.log = join(opts.logDir, `${name}.log`);
    writeFileSync(this.log, '');
    this.child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const write = (chunk: Buffer) => appendFileSync(this.log, chunk);
    this.child.stdout?.on('data', write);
    this.child.stderr?.on('data', write);
  }
  output(): string {
    return readFileSync(this.log, 'utf8');
  }
  async stop(): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined || this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      return;
    }
    await Promise.race([exited, sleep(3000)]);
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** A private MariaDB on a socket, no network. */
export async function startMariaDb(
  dir: string,
  logDir: string,
): Promise<{ socket: string; service: Service; sql(q: string): string }> {
  const data = join(dir, 'data');
  const socket = join(dir, 'mysql.sock');
  mkdirSync(data, { recursive: true });
  execFileSync(
    'mariadb-install-db',
    ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--user=root', '--skip-test-db'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const service = new Service(
    'mariadb',
    'mariadbd',
    [
      '--no-defaults',
      '--skip-networking',
      `--socket=${socket}`,
      `--datadir=${data}`,
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      '--user=root',
      '--skip-log-bin',
      '--innodb-buffer-pool-size=64M',
    ],
    { logDir },
  );
  const sql = (q: string) =>
    execFileSync('mariadb', [`--socket=${socket}`, '-uroot', '-N', '-e', q], { encoding: 'utf8' });
  await waitFor('MariaDB', () => {
    try {
      sql('SELECT 1');
      return true;
    } catch {
      return false;
    }
  });
  return { socket, service, sql };
}

/** Runs PHP with WordPress loaded in the site; the code's last value is echoed as JSON. */
export function wpPhp(siteDir: string, code: string): unknown {
  const file = join(siteDir, `.e2e-${randomBytes(4).toString('hex')}.php`);
  writeFileSync(
    file,
    `<?php\nrequire __DIR__ . '/wp-load.php';\n$result = (function () {\n${code}\n})();\necho "\\n@@RESULT@@" . wp_json_encode($result);\n`,
  );
  try {
    let out: string;
    try {
      out = execFileSync('php', ['-d', 'display_errors=stderr', file], {
        cwd: siteDir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      throw new Error(`PHP failed:\n${String(e.stderr ?? '').slice(-1500)}\n${String(e.stdout ?? '').slice(-1500)}`);
    }
    const at = out.lastIndexOf('@@RESULT@@');
    if (at < 0) throw new Error(`no result from PHP: ${out.slice(-500)}`);
    const before = out.slice(0, at).trim();
    if (before) throw new Error(`PHP printed output: ${before.slice(0, 800)}`);
    return JSON.parse(out.slice(at + '@@RESULT@@'.length));
  } finally {
    execFileSync('rm', ['-f', file]);
  }
}

export interface SiteOptions {
  wpDir: string;
  wcDir: string;
  dir: string;
  dbName: string;
  socket: string;
  url: string;
}

/** A fresh WordPress with WooCommerce in `dir` (core files hard-linked from the extracted tree). */
export function buildSite(o: SiteOptions): void {
  mkdirSync(o.dir, { recursive: true });
  execFileSync('cp', ['-al', `${o.wpDir}/.`, o.dir]);
  execFileSync('rm', ['-rf', join(o.dir, 'wp-content', 'plugins', 'woocommerce'), join(o.dir, '.complete')]);
  execFileSync('cp', ['-al', o.wcDir, join(o.dir, 'wp-content', 'plugins', 'woocommerce')]);
  execFileSync('rm', ['-f', join(o.dir, 'wp-content', 'plugins', 'woocommerce', '.complete')]);
  const salt = () => randomBytes(32).toString('hex');
  const keys = [
    'AUTH_KEY',
    'SECURE_AUTH_KEY',
    'LOGGED_IN_KEY',
    'NONCE_KEY',
    'AUTH_SALT',
    'SECURE_AUTH_SALT',
    'LOGGED_IN_SALT',
    'NONCE_SALT',
  ];
  writeFileSync(
    join(o.dir, 'wp-config.php'),
    `<?php
define( 'DB_NAME', '${o.dbName}' );
define( 'DB_USER', 'root' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', 'localhost:${o.socket}' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
${keys.map((k) => `define( '${k}', '${salt()}' );`).join('\n')}
$table_prefix = 'wp_';
define( 'WP_HOME', '${o.url}' );
define( 'WP_SITEURL', '${o.url}' );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', __DIR__ . '/debug.log' );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'WP_ACCESSIBLE_HOSTS', '127.0.0.1,localhost' );
define( 'DISABLE_WP_CRON', true );
define( 'FS_METHOD', 'direct' );
define( 'WP_ENVIRONMENT_TYPE', 'local' );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
`,
  );
  // No sendmail here: mail goes to a file.
  mkdirSync(join(o.dir, 'wp-content', 'mu-plugins'), { recursive: true });
  writeFileSync(
    join(o.dir, 'wp-content', 'mu-plugins', 'e2e-mail.php'),
    `<?php
add_filter( 'pre_wp_mail', function ( $null, $atts ) {
	file_put_contents( WP_CONTENT_DIR . '/mail.log', wp_json_encode( array( 'to' => $atts['to'], 'subject' => $atts['subject'] ) ) . "\\n", FILE_APPEND );
	return true;
}, 10, 2 );
`,
  );
  writeFileSync(
    join(o.dir, '..', `router-${o.dbName}.php`),
    `<?php
// php -S router: real files as they are, everything else to WordPress's front controller.
$root = $_SERVER['DOCUMENT_ROOT'];
$path = rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );
if ( $path !== '/' && ( is_file( $root . $path ) || is_file( rtrim( $root . $path, '/' ) . '/index.php' ) ) ) {
	return false;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $root . '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
require $root . '/index.php';
`,
  );
}

export function startPhpServer(dir: string, dbName: string, port: number, logDir: string): Service {
  return new Service(
    `php-${dbName}`,
    'php',
    ['-S', `127.0.0.1:${port}`, '-t', dir, join(dir, '..', `router-${dbName}.php`)],
    { cwd: dir, env: { ...process.env, PHP_CLI_SERVER_WORKERS: '6' }, logDir },
  );
}

export async function waitForHttp(url: string): Promise<void> {
  await waitFor(url, async () => {
    try {
      const r = await fetch(url, { redirect: 'manual' });
      await r.arrayBuffer();
      return r.status < 500;
    } catch {
      return false;
    }
  });
}

export { existsSync, waitFor };
