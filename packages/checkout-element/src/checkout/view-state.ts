import { type InvoiceView, isTerminalView } from '@bitpay-checkout/contract';

/** What the shopper sees, derived from an invoice view alone. */
export type ViewKind =
  | 'awaiting'
  | 'partial'
  | 'overpaid'
  | 'confirming'
  | 'confirmed'
  | 'complete'
  | 'expired'
  | 'invalid'
  | 'declined'
  | 'refunded';

export type Tone = 'info' | 'warning' | 'success' | 'error';

export interface ViewState {
  kind: ViewKind;
  /** The server ends the stream after a terminal view; the element stops listening. */
  terminal: boolean;
  /** Payment instructions (currency, amount, QR, countdown) are shown. */
  payable: boolean;
  /** Tone of the status banner. */
  tone: Tone;
}

const TONES: Record<ViewKind, Tone> = {
  awaiting: 'info',
  partial: 'warning',
  overpaid: 'warning',
  confirming: 'info',
  confirmed: 'success',
  complete: 'success',
  expired: 'error',
  invalid: 'error',
  declined: 'error',
  refunded: 'info',
};

function kindOf(view: InvoiceView): ViewKind {
  const { status, exceptionStatus, refund } = view;
  // A refund under way or done explains the invoice better than its status; a failed one does not.
  if (refund && (refund.status === 'pending' || refund.status === 'success')) return 'refunded';
  if (status === 'new') return exceptionStatus === 'paidPartial' ? 'partial' : 'awaiting';
  if (status === 'paid') return exceptionStatus === 'paidOver' ? 'overpaid' : 'confirming';
  // A status this version does not know: say nothing wrong, keep listening.
  return status in TONES ? (status as ViewKind) : 'confirming';
}

/** Maps an invoice view to the screen that explains it. */
export function viewState(view: InvoiceView): ViewState {
  const kind = kindOf(view);
  return {
    kind,
    terminal: isTerminalView(view),
    payable: kind === 'awaiting' || kind === 'partial',
    tone: TONES[kind],
  };
}

/** The payment URI a wallet opens for a currency, in the order the adapter's QR code uses. */
export function paymentUri(codes: Partial<Record<string, string>>): string | undefined {
  return codes.BIP72b ?? codes.EIP681 ?? codes.EIP681b ?? codes.RIP681 ?? codes.BIP73;
}
