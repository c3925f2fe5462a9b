import type { SandboxClock } from '../clock/clock.js';
import { writeJson } from '../json/write.js';
import { RETRY_OFFSETS_MS } from './events.js';
import { IPN_USER_AGENT, WebhookPoster } from './post.js';
import { ipnSignature } from './sign.js';

/** What a webhook is about. */
export type IpnResource = 'invoice' | 'payout' | 'recipient';

/** One delivery attempt, as `GET /sandbox/ipns` and `sb.ipns()` report it. */
export interface IpnDelivery {
  /** The invoice's id (for payout and recipient webhooks: that resource's id; see `resource`). */
  invoiceId: string;
  resource: IpnResource;
  event?: { code: number; name: string };
  url: string;
  body: string;
  headers: Record<string, string>;
  attempt: number;
  at: number;
  outcome: 'delivered' | 'failed';
  status?: number;
  error?: string;
}

export interface IpnJob {
  invoiceId: string;
  resource?: IpnResource;
  url: string;
  /** Key of x-signature (the token that created the invoice). */
  signingToken: string;
  event?: { code: number; name: string };
  /** Builds the body at delivery time: the payload reflects the status then, not when queued. */
  body: () => unknown;
}

/**
 * Posts IPNs: JSON, `x-signature`, no redirects followed, a timeout; 200 is delivered, anything else is retried
 * on the schedule of §5.1 on the sandbox clock. Never blocks the API answer that triggered it.
 */
export class IpnSender {
  readonly log: IpnDelivery[] = [];
  /** Aborts deliveries still in flight when the sandbox closes. */
  private readonly closing = new AbortController();
  private readonly poster = new WebhookPoster();

  constructor(
    private readonly clock: SandboxClock,
    private readonly opts: { sign: boolean; timeoutMs: number; log: (line: string) => void },
  ) {}

  /** Stops: in-flight deliveries are aborted (and recorded as failed). */
  abort(): void {
    this.closing.abort();
    this.poster.destroy();
  }

  send(job: IpnJob): void {
    const first = this.clock.now();
    // Started after the current turn: the API answer that caused it goes out first, as BitPay's would.
    this.clock.track(new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.attempt(job, 0, first)));
  }

  private async attempt(job: IpnJob, n: number, first: number): Promise<void> {
    const at = this.clock.now();
    const body = writeJson(job.body());
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': IPN_USER_AGENT,
    };
    if (this.opts.sign) headers['x-signature'] = ipnSignature(body, job.signingToken);
    const record: IpnDelivery = {
      invoiceId: job.invoiceId,
      resource: job.resource ?? 'invoice',
      event: job.event,
      url: job.url,
      body,
      headers,
      attempt: n + 1,
      at,
      outcome: 'failed',
    };
    try {
      const signal = AbortSignal.any([AbortSignal.timeout(this.opts.timeoutMs), this.closing.signal]);
      record.status = await this.poster.post(job.url, body, headers, signal);
      if (record.status === 200) record.outcome = 'delivered';
    } catch (e) {
      record.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    this.log.push(record);
    this.opts.log(
      `ipn ${job.resource ?? 'invoice'} ${job.invoiceId} ${job.event?.name ?? 'standard'} attempt ${n + 1} -> ${record.outcome}${record.status ? ` ${record.status}` : ''}`,
    );
    const next = RETRY_OFFSETS_MS[n + 1];
    if (record.outcome === 'failed' && next !== undefined) {
      this.clock.schedule(first + next, () => this.clock.track(this.attempt(job, n + 1, first)));
    }
  }
}
