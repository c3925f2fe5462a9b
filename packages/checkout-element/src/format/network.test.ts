import { describe, expect, it } from 'vitest';
import { networkOf } from './network.js';

describe('networkOf', () => {
  it('names the chain of coins, Polygon tokens (_m) and ERC-20 tokens', () => {
    expect(networkOf('BTC')).toBe('Bitcoin');
    expect(networkOf('XRP')).toBe('XRP Ledger');
    expect(networkOf('USDC_m')).toBe('Polygon');
    expect(networkOf('USDC')).toBe('Ethereum');
  });
});
