// Load generator on its own thread (the server under test keeps the main thread): `connections` keep-alive
// loops hammering one URL for `durationMs`; posts back the number of 2xx answers and any failures.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

// Plain JavaScript: worker threads do not inherit the TypeScript loader.
const { url, connections, durationMs, method = 'GET', bodies } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: connections });
const target = new URL(url);
let ok = 0;
let failed = 0;
let next = 0;
const end = Date.now() + durationMs;

function once() {
  return new Promise((resolve) => {
    const item = bodies ? bodies[next++ % bodies.length] : undefined;
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: item?.path ?? target.pathname + target.search,
        method,
        headers: item?.headers ?? {},
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode >= 200 && res.statusCode < 300) ok++;
          else failed++;
          resolve();
        });
      },
    );
    req.on('error', () => {
      failed++;
      resolve();
    });
    req.end(item?.body);
  });
}

async function loop() {
  while (Date.now() < end && (!bodies || next < bodies.length)) await once();
}

const started = Date.now();
await Promise.all(Array.from({ length: connections }, loop));
agent.destroy();
parentPort.postMessage({ ok, failed, elapsedMs: Date.now() - started });
