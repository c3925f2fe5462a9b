import { randomBytes } from 'node:crypto';
import { base58 } from '../crypto/base58.js';
import { plainError } from '../errors.js';

/** Sessions end after 15 minutes without a request (§2.5). */
export const SESSION_IDLE_MS = 15 * 60_000;

/** A finished answer, kept byte for byte so a repeated requestNumber gets exactly the same bytes. */
export interface CachedResponse {
  status: number;
  body: Buffer;
}

interface Session {
  id: string;
  lastNumber: number;
  lastActivity: number;
  cached?: CachedResponse;
}

/** Anti-replay sessions: requestNumber starts at 1 and goes up by one; the same number again is replayed. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => number) {}

  create(): string {
    const id = base58(randomBytes(16));
    this.sessions.set(id, { id, lastNumber: 0, lastActivity: this.now() });
    return id;
  }

  /**
   * Checks a request's session. Returns the cached answer to replay, or a function that stores the new answer.
   * Throws BitPay's error for unknown/idle sessions and out-of-order numbers.
   */
  check(
    sessionId: string,
    requestNumber: unknown,
  ): { replay: CachedResponse } | { commit: (r: CachedResponse) => void } {
    const s = this.sessions.get(sessionId);
    const now = this.now();
    if (!s || now - s.lastActivity > SESSION_IDLE_MS) {
      if (s) this.sessions.delete(sessionId);
      throw plainError('invalid_session', 401, 'Invalid or expired sessionId');
    }
    const n = typeof requestNumber === 'number' ? requestNumber : Number(requestNumber);
    if (!Number.isInteger(n) || n < 1) throw plainError('invalid_request_number', 400, 'Invalid requestNumber');
    if (n === s.lastNumber && s.cached) {
      s.lastActivity = now;
      return { replay: s.cached };
    }
    if (n !== s.lastNumber + 1) throw plainError('invalid_request_number', 400, 'Invalid requestNumber');
    return {
      commit: (r) => {
        s.lastNumber = n;
        s.cached = r;
        s.lastActivity = this.now();
      },
    };
  }
}
