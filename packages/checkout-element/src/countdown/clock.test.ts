import { describe, expect, it } from 'vitest';
import { formatRemaining, nextTickIn, remainingMs, skewFrom, warningLevel } from './clock.js';

const MIN = 60_000;

describe('clock skew', () => {
  it('takes the server time against the middle of the round trip', () => {
    expect(skewFrom(10_000, 1_000, 3_000)).toBe(8_000);
  });

  it('keeps the countdown right on a device whose clock is ten minutes fast', () => {
    const server = 1_764_000_000_000;
    const device = server + 10 * MIN;
    const skew = skewFrom(server, device, device);
    const expiration = server + 15 * MIN;
    expect(remainingMs(expiration, device, skew)).toBe(15 * MIN);
    // Without correction the shopper would see five minutes.
    expect(remainingMs(expiration, device, 0)).toBe(5 * MIN);
  });

  it('never counts below zero', () => {
    expect(remainingMs(1_000, 5_000, 0)).toBe(0);
  });
});

describe('formatRemaining', () => {
  it('rounds up to whole seconds so 0:00 means expired', () => {
    expect(formatRemaining(15 * MIN)).toBe('15:00');
    expect(formatRemaining(61_001)).toBe('1:02');
    expect(formatRemaining(999)).toBe('0:01');
    expect(formatRemaining(0)).toBe('0:00');
    expect(formatRemaining(-5)).toBe('0:00');
  });
});

describe('warningLevel', () => {
  it('warns at five minutes and at one minute', () => {
    expect([6 * MIN, 5 * MIN + 1, 5 * MIN, 2 * MIN, MIN, 1].map(warningLevel)).toEqual([0, 0, 5, 5, 1, 1]);
  });
});

describe('nextTickIn', () => {
  it('waits until the display changes second', () => {
    expect(nextTickIn(10_250)).toBe(250);
    expect(nextTickIn(10_000)).toBe(1000);
  });
});
