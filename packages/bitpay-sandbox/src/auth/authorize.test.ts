import { describe, expect, it } from 'vitest';
import { defaultPortTwin } from './authorize.js';

describe('defaultPortTwin', () => {
  it('writes out or drops the default port, and leaves other ports alone', () => {
    expect(defaultPortTwin('https://test.bitpay.com/tokens')).toBe('https://test.bitpay.com:443/tokens');
    expect(defaultPortTwin('https://test.bitpay.com:443/tokens?x=1')).toBe('https://test.bitpay.com/tokens?x=1');
    expect(defaultPortTwin('http://127.0.0.1/invoices')).toBe('http://127.0.0.1:80/invoices');
    expect(defaultPortTwin('http://127.0.0.1:4010/invoices')).toBeUndefined();
    expect(defaultPortTwin('https://x.example:80/a')).toBeUndefined();
  });
});
