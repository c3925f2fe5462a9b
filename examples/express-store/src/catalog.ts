/** The demo's products. Prices live on the server only: the browser never sends one. */
export interface Product {
  id: string;
  name: string;
  description: string;
  /** In the store currency's minor units (cents), so sums stay exact. */
  priceCents: number;
  emoji: string;
}

export const STORE_CURRENCY = 'USD';

export const PRODUCTS: readonly Product[] = [
  {
    id: 'tee',
    name: 'Genesis Block Tee',
    description: 'Soft cotton, block 0 on the front.',
    priceCents: 2500,
    emoji: '👕',
  },
  { id: 'mug', name: 'HODL Mug', description: 'Holds 350 ml of coffee. Or tea.', priceCents: 1250, emoji: '☕' },
  {
    id: 'case',
    name: 'Hardware Wallet Case',
    description: 'Hard shell, fits most devices.',
    priceCents: 3900,
    emoji: '💼',
  },
  {
    id: 'stickers',
    name: 'Sticker Pack',
    description: 'Ten vinyl stickers for your laptop.',
    priceCents: 499,
    emoji: '🏷️',
  },
];

export function findProduct(id: string): Product | undefined {
  return PRODUCTS.find((p) => p.id === id);
}

export function formatCents(cents: number, currency = STORE_CURRENCY): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);
}
