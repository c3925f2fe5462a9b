import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from one second', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, 0.999999))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('is capped at thirty seconds however many attempts failed', () => {
    expect(backoffDelay(50, 0.999999)).toBe(30_000);
  });

  it('spreads retries over the upper half of the window', () => {
    expect(backoffDelay(3, 0)).toBe(4000);
    expect(backoffDelay(3, 0.5)).toBe(6000);
  });
});
