import type { Request, Response } from 'express';
import { findProduct } from './catalog.js';
import type { CartLine } from './views.js';

// The cart lives in a cookie ("tee:2,mug:1"): no server state for anonymous visitors, and
// nothing in it is trusted: ids are looked up in the catalogue, quantities clamped.
const COOKIE = 'cart';
const MAX_QUANTITY = 99;

export type Cart = Map<string, number>;

export function readCart(req: Request): Cart {
  const cart: Cart = new Map();
  const raw = cookie(req, COOKIE);
  if (!raw) return cart;
  for (const part of raw.split(',')) {
    const [id, qty] = part.split(':');
    const n = Number(qty);
    if (id && findProduct(id) && Number.isInteger(n) && n > 0) cart.set(id, Math.min(MAX_QUANTITY, n));
  }
  return cart;
}

export function writeCart(res: Response, cart: Cart): void {
  const value = [...cart].map(([id, n]) => `${id}:${n}`).join(',');
  res.cookie(COOKIE, value, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: value ? 7 * 24 * 3600_000 : 0 });
}

export function cartLines(cart: Cart): CartLine[] {
  return [...cart].flatMap(([id, quantity]) => {
    const product = findProduct(id);
    return product ? [{ product, quantity }] : [];
  });
}

function cookie(req: Request, name: string): string | undefined {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = pair.trim().split('=');
    if (k === name) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
