import type { OrderDetails } from '@bitpay-checkout/server-adapter';
import type { Request } from 'express';

/**
 * The test shop's orders, by id pattern, so each test takes a fresh order without set-up:
 * `order-…` costs 25.50 USD, `eur-…` 19.99 EUR, `back-…` returns to this test shop's own
 * /harness/thanks page (for the redirect), `paid-…` exists but cannot be paid, anything else does not exist.
 */
export function resolveOrder(orderId: string, req: Request): OrderDetails | null {
  if (orderId.startsWith('back-')) {
    return { price: 5, currency: 'USD', redirectURL: `${req.protocol}://${req.get('host')}/harness/thanks` };
  }
  if (orderId.startsWith('order-')) {
    return {
      price: 25.5,
      currency: 'USD',
      itemDesc: '2 items from Example Store',
      redirectURL: 'https://shop.example/thanks',
      receiptUrl: `https://shop.example/orders/${orderId}`,
    };
  }
  if (orderId.startsWith('eur-')) return { price: 19.99, currency: 'EUR', itemDesc: 'A book' };
  if (orderId.startsWith('paid-')) return { price: 10, currency: 'USD', payable: false };
  return null;
}
