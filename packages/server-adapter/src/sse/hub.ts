import { isTerminalView } from '@bitpay-checkout/contract';
import type { Response } from 'express';
import type { AdapterContext } from '../invoices/context.js';
import type { InvoiceSync } from '../invoices/sync.js';
import { describeError } from '../log/logger.js';
import { DEFAULT_SSE_RETRY_MS } from '../options/defaults.js';
import type { InvoiceRecord } from '../store/types.js';
import { publicViewFrame } from '../view/serialized.js';
import { HEARTBEAT_FRAME, retryFrame } from './frames.js';

interface Watcher {
  res: Response;
  channel: Channel;
  baseUrl: string;
  lastSeq: number;
  /** Client address, for the per-address cap. */
  address: string;
  /** When the stream opened: it ends after `sse.maxLifetimeMs` (the browser reconnects). */
  openedAt: number;
}

interface Channel {
  id: string;
  watchers: Set<Watcher>;
  /** Highest seq sent to this channel's watchers. */
  seq: number;
  /** The record of that seq: a watcher joining with an older read gets it at once. */
  latest: InvoiceRecord;
  refreshTimer: NodeJS.Timeout;
  loading: boolean;
  reload: boolean;
}

const RETRY_FRAME = retryFrame(DEFAULT_SSE_RETRY_MS);

/**
 * Server-Sent Events for every watched invoice. Per invoice: one channel, one refresh timer (whose
 * upstream poll is leased through the store, so one poll per interval across all instances), and one
 * serialisation per change however many watchers. Changes arrive through the store's subscription, so
 * an IPN taken by another instance reaches watchers here too.
 */
export class SseHub {
  readonly #ctx: AdapterContext;
  readonly #sync: InvoiceSync;
  readonly #channels = new Map<string, Channel>();
  /** Finds a closing stream's watcher: one shared 'close' listener rather than a closure per stream. */
  readonly #byResponse = new WeakMap<Response, Watcher>();
  readonly #onClose: (this: Response) => void;
  /** Open streams per client address. */
  readonly #perAddress = new Map<string, number>();
  #heartbeat: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(ctx: AdapterContext, sync: InvoiceSync) {
    this.#ctx = ctx;
    this.#sync = sync;
    const watchers = this.#byResponse;
    const detach = (w: Watcher) => this.#detach(w.channel, w);
    this.#onClose = function onStreamClose(this: Response) {
      const w = watchers.get(this);
      if (w) detach(w);
    };
  }

  start(): void {
    this.#unsubscribe = this.#ctx.store.subscribe((id, seq) => this.#onChange(id, seq));
    this.#heartbeat = setInterval(() => {
      const oldest = this.#ctx.opts.now() - this.#ctx.opts.sse.maxLifetimeMs;
      for (const channel of this.#channels.values()) {
        for (const w of channel.watchers) {
          // A stream past its lifetime ends with a retry hint; EventSource reconnects with its Last-Event-ID.
          if (w.openedAt <= oldest) w.res.end(RETRY_FRAME);
          else w.res.write(HEARTBEAT_FRAME);
        }
        // An expired invoice's monitoring window ran out: nothing more will arrive.
        if (isTerminalView(channel.latest.view, this.#ctx.opts.now())) this.#end(channel);
      }
    }, this.#ctx.opts.heartbeatIntervalMs);
    this.#heartbeat.unref();
  }

  /** Number of open streams (for tests, health and benchmarks). */
  get watchers(): number {
    let n = 0;
    for (const c of this.#channels.values()) n += c.watchers.size;
    return n;
  }

  /** Whether `address` may open one more stream (`sse.perAddress`). */
  hasRoomFor(address: string): boolean {
    const cap = this.#ctx.opts.sse.perAddress;
    return cap === false || (this.#perAddress.get(address) ?? 0) < cap;
  }

  /** Opens a stream on `res` for `record`, resuming after `lastEventId` when given. */
  attach(res: Response, record: InvoiceRecord, lastEventId: number | null, baseUrl: string, address: string): void {
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    // Tells nginx not to buffer the stream.
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    res.write(RETRY_FRAME);
    // An id from the future is not ours (another database, a reset): treat the client as new.
    const resumeFrom = lastEventId !== null && lastEventId <= record.seq ? lastEventId : -1;
    const existing = this.#channels.get(record.id);
    // Watchers of one invoice share one record (and so one serialisation of it): the newest one known.
    const current = existing && existing.latest.seq > record.seq ? existing.latest : record;
    let lastSeq = resumeFrom;
    if (lastSeq < current.seq) {
      // The view's JSON is shared by every watcher of this change, not copied per stream.
      const [head, tail] = publicViewFrame(current, baseUrl, this.#ctx.opts.now());
      res.write(head);
      res.write(tail);
      lastSeq = current.seq;
    }
    if (isTerminalView(current.view, this.#ctx.opts.now())) {
      res.end();
      return;
    }
    // The shopper may already have gone (its 'close' fired before we listened): nothing to watch for.
    if (res.destroyed) return;
    const channel = existing ?? this.#channel(current);
    const watcher: Watcher = { res, channel, baseUrl, lastSeq, address, openedAt: this.#ctx.opts.now() };
    channel.watchers.add(watcher);
    this.#perAddress.set(address, (this.#perAddress.get(address) ?? 0) + 1);
    this.#byResponse.set(res, watcher);
    res.on('close', this.#onClose);
    // The record may have moved on between the read and the subscription. A channel that already
    // existed has seen every change since (they are broadcast to its watchers, this one included).
    if (!existing) this.#onChange(record.id, Number.MAX_SAFE_INTEGER);
  }

  #channel(record: InvoiceRecord): Channel {
    const { id, seq } = record;
    const { opts, store } = this.#ctx;
    const timer = setInterval(() => {
      void store
        .tryLeasePoll(id, opts.now(), opts.refreshIntervalMs)
        .then((mine) => (mine ? this.#sync.refresh(id) : undefined))
        .catch((err) => opts.logger.warn(`Refresh of invoice ${id} failed: ${describeError(err)}.`));
    }, opts.refreshIntervalMs);
    timer.unref();
    const channel: Channel = {
      id,
      watchers: new Set(),
      seq,
      latest: record,
      refreshTimer: timer,
      loading: false,
      reload: false,
    };
    this.#channels.set(id, channel);
    return channel;
  }

  #detach(channel: Channel, watcher: Watcher): void {
    this.#byResponse.delete(watcher.res);
    if (channel.watchers.delete(watcher)) {
      const n = (this.#perAddress.get(watcher.address) ?? 1) - 1;
      if (n > 0) this.#perAddress.set(watcher.address, n);
      else this.#perAddress.delete(watcher.address);
    }
    if (channel.watchers.size === 0 && this.#channels.get(channel.id) === channel) {
      clearInterval(channel.refreshTimer);
      this.#channels.delete(channel.id);
    }
  }

  #onChange(id: string, seq: number): void {
    const channel = this.#channels.get(id);
    if (!channel || seq <= channel.seq) return;
    if (channel.loading) {
      channel.reload = true;
      return;
    }
    channel.loading = true;
    void this.#ctx.store
      .getInvoice(id)
      .then((record) => {
        if (record) this.#broadcast(channel, record);
      })
      .catch((err) =>
        this.#ctx.opts.logger.warn(`Could not read invoice ${id} for its watchers: ${describeError(err)}.`),
      )
      .finally(() => {
        channel.loading = false;
        if (channel.reload) {
          channel.reload = false;
          this.#onChange(id, Number.MAX_SAFE_INTEGER);
        }
      });
  }

  #broadcast(channel: Channel, record: InvoiceRecord): void {
    if (record.seq > channel.seq) {
      channel.seq = record.seq;
      channel.latest = record;
    }
    const frames = new Map<string, string>();
    const now = this.#ctx.opts.now();
    const terminal = isTerminalView(record.view, now);
    for (const w of channel.watchers) {
      if (w.lastSeq >= record.seq) continue;
      let frame = frames.get(w.baseUrl);
      if (frame === undefined) {
        frame = publicViewFrame(record, w.baseUrl, now).join('');
        frames.set(w.baseUrl, frame);
      }
      w.res.write(frame);
      w.lastSeq = record.seq;
    }
    if (terminal) this.#end(channel);
  }

  #end(channel: Channel): void {
    for (const w of [...channel.watchers]) w.res.end();
    clearInterval(channel.refreshTimer);
    this.#channels.delete(channel.id);
  }

  close(): void {
    this.#unsubscribe?.();
    clearInterval(this.#heartbeat);
    for (const channel of this.#channels.values()) {
      clearInterval(channel.refreshTimer);
      for (const w of channel.watchers) w.res.end();
    }
    this.#channels.clear();
  }
}
