/** A task due at a point of sandbox time (expiry, a block, an IPN retry). */
interface Timer {
  at: number;
  seq: number;
  run: () => void;
}

/**
 * The sandbox clock. Time flows with the wall clock (so a demo expires invoices on its own) unless
 * `realTime` is false, and `advance(ms)` jumps ahead, running every task that falls due in order, each at
 * its own due time, and waiting for the IPN deliveries they start before moving on (a failed delivery
 * schedules its retry, which may itself fall inside the jump).
 */
export class SandboxClock {
  private readonly startWall = Date.now();
  private offset: number;
  private timers: Timer[] = [];
  private seq = 0;
  private readonly inFlight = new Set<Promise<unknown>>();
  private ticker: NodeJS.Timeout | undefined;
  private advancing = false;

  constructor(
    initial: number,
    private readonly realTime: boolean,
  ) {
    this.offset = initial - (realTime ? this.startWall : 0);
    if (realTime) {
      // Wall-clock progress: run whatever fell due, about once a second, without keeping the process alive.
      this.ticker = setInterval(() => {
        if (!this.advancing) this.runDue(this.now());
      }, 1000);
      this.ticker.unref();
    }
  }

  /** Current sandbox time, ms since the epoch. */
  now(): number {
    return (this.realTime ? Date.now() : 0) + this.offset;
  }

  /** Runs `run` once sandbox time reaches `at` (at once on the next tick if already due). */
  schedule(at: number, run: () => void): void {
    this.timers.push({ at, seq: this.seq++, run });
  }

  /** Keeps track of async work (IPN deliveries) that `advance` must wait for. */
  track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Moves sandbox time forward by `ms`, running due tasks in order; resolves after deliveries they started. */
  async advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance(ms) needs a finite ms >= 0');
    this.advancing = true;
    try {
      const target = this.now() + ms;
      await this.settle();
      for (;;) {
        const next = this.nextDue(target);
        if (!next) break;
        this.offset += Math.max(0, next.at - this.now());
        this.removeTimer(next);
        next.run();
        await this.settle();
      }
      this.offset += Math.max(0, target - this.now());
    } finally {
      this.advancing = false;
    }
  }

  /** Runs tasks already due (used after control actions so their effects are visible at once). */
  async flush(): Promise<void> {
    this.runDue(this.now());
    await this.settle();
  }

  /** Waits until no tracked delivery is in flight. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.timers = [];
  }

  private runDue(limit: number): void {
    for (;;) {
      const next = this.nextDue(limit);
      if (!next) return;
      this.removeTimer(next);
      next.run();
    }
  }

  private nextDue(limit: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) {
      if (t.at > limit) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }

  private removeTimer(t: Timer): void {
    this.timers = this.timers.filter((x) => x !== t);
  }
}
