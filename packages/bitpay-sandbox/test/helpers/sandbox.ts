import { afterEach } from 'vitest';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/index.js';

/** A fixed start for the sandbox clock so tests read the same on every run. */
export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

const open: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A sandbox on a free port whose clock moves only when the test advances it; closed after each test. */
export async function sandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const sb = await startSandbox({ port: 0, realTime: false, now: T0, ...opts });
  open.push(sb);
  return sb;
}
