/** Invoice webhook event codes (§5.2, BitPay's table). */
export const INVOICE_EVENTS = {
  1003: 'invoice_paidInFull',
  1004: 'invoice_expired',
  1005: 'invoice_confirmed',
  1006: 'invoice_completed',
  1012: 'invoice_manuallyNotified',
  1013: 'invoice_failedToConfirm',
  1016: 'invoice_refundComplete',
  1019: 'invoice_declined',
} as const;

export type InvoiceEventCode = keyof typeof INVOICE_EVENTS;

/** Payout webhook codes (§5.2). */
export const PAYOUT_EVENTS = {
  funded: { code: 5001, name: 'payout_funded' },
  processing: { code: 5002, name: 'payout_processing' },
  complete: { code: 5003, name: 'payout_completed' },
  cancelled: { code: 5004, name: 'payout_cancelled' },
  manual: { code: 5005, name: 'payout_manuallyNotified' },
} as const;

/** Recipient webhook codes (§5.2). */
export const RECIPIENT_EVENTS = {
  invited: { code: 4001, name: 'recipient_invited' },
  unverified: { code: 4002, name: 'recipient_unverified' },
  verified: { code: 4003, name: 'recipient_verified' },
  active: { code: 4004, name: 'recipient_active' },
  paused: { code: 4005, name: 'recipient_paused' },
  removed: { code: 4006, name: 'recipient_removed' },
  manual: { code: 4007, name: 'recipient_manuallyNotified' },
} as const;

/** Attempt times after the first (old documented schedule, §5.1): 0, 1, 5, 14, 30 minutes; then given up. */
export const RETRY_OFFSETS_MS = [0, 60_000, 300_000, 840_000, 1_800_000] as const;
