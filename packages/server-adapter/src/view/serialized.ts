import type { QrDrawing } from '@bitpay-checkout/contract';
import { bitpayTimeAt, finalizeView } from './public-view.js';
import type { StoredView } from './types.js';

/** What serialising needs of a stored invoice record (records are replaced, never edited, when they change). */
type InvoiceRecord = { readonly seq: number; readonly view: StoredView };

interface Serialized {
  seq: number;
  baseUrl: string;
  /** The public view as JSON up to and including `"bitpayTime":` (the clocks are the fields that change per answer). */
  prefix: string;
  /** The same as the start of an SSE `invoice` event (made when first asked for). */
  frameHead?: string;
}

/** One serialisation per (record, seq, mount point): records are replaced, never edited, when they change. */
const cache = new WeakMap<InvoiceRecord, Serialized>();

const CLOCKS_KEY = '"bitpayTime":';

/**
 * `JSON.stringify(finalizeView(record.view, baseUrl, now))`, byte for byte, without serialising the view
 * again for every poll: the clocks are the last keys, so the cached prefix is completed with them. With
 * `qrCode` (an answer that asked for its QR inline), that field comes just before the clocks.
 */
export function publicViewJson(record: InvoiceRecord, baseUrl: string, now: number, qrCode?: QrDrawing | null): string {
  const { prefix } = serialized(record, baseUrl);
  const head = qrCode
    ? `${prefix.slice(0, -CLOCKS_KEY.length)}"qrCode":${JSON.stringify(qrCode)},${CLOCKS_KEY}`
    : prefix;
  return `${head}${clocks(record, now)}`;
}

/** The end of the view's JSON: `bitpayTime`'s value, then `serverTime`. */
function clocks(record: InvoiceRecord, now: number): string {
  return `${bitpayTimeAt(record.view.bitpaySkew, now)},"serverTime":${now}}`;
}

/**
 * An SSE `invoice` event of the record in two parts: a cached head (`id`, `event`, and `data` up to the
 * server time) shared by every watcher, and the few bytes that end it. Joined, they are one event.
 */
export function publicViewFrame(record: InvoiceRecord, baseUrl: string, now: number): [string, string] {
  const hit = serialized(record, baseUrl);
  hit.frameHead ??= `id: ${record.seq}\nevent: invoice\ndata: ${hit.prefix}`;
  return [hit.frameHead, `${clocks(record, now)}\n\n`];
}

function serialized(record: InvoiceRecord, baseUrl: string): Serialized {
  let hit = cache.get(record);
  if (!hit || hit.seq !== record.seq || hit.baseUrl !== baseUrl) {
    const full = JSON.stringify(finalizeView(record.view, baseUrl, 0));
    // finalizeView appends the clocks last; should that ever change, fail loudly rather than send a wrong body.
    const tail = clocks(record, 0);
    if (!full.endsWith(`,${CLOCKS_KEY}${tail}`))
      throw new Error('The clocks are no longer the last fields of the view.');
    hit = { seq: record.seq, baseUrl, prefix: full.slice(0, -tail.length) };
    cache.set(record, hit);
  }
  return hit;
}
