import { newApiToken, newPairingCode } from '../crypto/ids.js';
import { plainError, SandboxError } from '../errors.js';
import type { ApiToken, Facade, PairingCode, ResourceKind, ResourceToken } from '../state/types.js';

/** Pairing codes live 24 hours (`pairingExpiration − dateCreated = 86 400 000`, §2.2). */
export const PAIRING_TTL_MS = 86_400_000;

/** API tokens, pairing codes and resource tokens of the one sandbox merchant account. */
export class TokenStore {
  readonly tokens = new Map<string, ApiToken>();
  readonly codes = new Map<string, PairingCode>();
  readonly resources = new Map<string, ResourceToken>();

  constructor(
    private readonly now: () => number,
    private readonly autoApprove: boolean,
  ) {}

  /** Client-initiated pairing (`POST /tokens {id, facade}`): an inactive token bound to the SIN plus a code. */
  requestPairing(sin: string, facade: Facade, label: string): { token: ApiToken; code: PairingCode } {
    const now = this.now();
    const code = this.uniqueCode();
    const token: ApiToken = {
      token: newApiToken(),
      facade,
      label,
      sins: [sin],
      active: false,
      requiresSignature: facade !== 'pos',
      dateCreated: now,
      pairingCode: code,
      pairingExpiration: now + PAIRING_TTL_MS,
    };
    const pairing: PairingCode = {
      code,
      kind: 'client',
      facade,
      token: token.token,
      label,
      expiresAt: now + PAIRING_TTL_MS,
      used: false,
    };
    this.tokens.set(token.token, token);
    this.codes.set(code, pairing);
    if (this.autoApprove) this.approve(code);
    return { token, code: pairing };
  }

  /** A dashboard-made code (server-initiated pairing) that a client claims with `POST /tokens {id, pairingCode}`. */
  createDashboardCode(facade: Facade, label: string): PairingCode {
    const code: PairingCode = {
      code: this.uniqueCode(),
      kind: 'dashboard',
      facade,
      label,
      expiresAt: this.now() + PAIRING_TTL_MS,
      used: false,
    };
    this.codes.set(code.code, code);
    return code;
  }

  /** Claims a dashboard code for a SIN: single use, within 24 h; the token is active and must be signed. */
  claim(sin: string, codeValue: string, label: string): ApiToken {
    const code = this.codes.get(codeValue);
    if (code?.kind !== 'dashboard') throw plainError('pairing_code_not_found', 500, 'Invalid pairing code');
    if (code.used) throw plainError('pairing_code_used', 500, 'Pairing code has already been used');
    if (this.now() >= code.expiresAt) throw plainError('pairing_code_expired', 500, 'Pairing code expired');
    code.used = true;
    const token: ApiToken = {
      token: newApiToken(),
      facade: code.facade,
      label: label || code.label,
      sins: [sin],
      active: true,
      requiresSignature: true,
      dateCreated: this.now(),
    };
    this.tokens.set(token.token, token);
    return token;
  }

  /** Approves a client-initiated code (what the merchant does in the dashboard). */
  approve(codeValue: string): ApiToken {
    const code = this.codes.get(codeValue);
    if (code?.kind !== 'client' || !code.token) {
      throw new SandboxError('pairing_code_not_found', `no pairing code ${codeValue} awaits approval`);
    }
    if (code.used) throw new SandboxError('pairing_code_used', `pairing code ${codeValue} was already approved`);
    if (this.now() >= code.expiresAt)
      throw new SandboxError('pairing_code_expired', `pairing code ${codeValue} expired`);
    code.used = true;
    const token = this.tokens.get(code.token)!;
    token.active = true;
    return token;
  }

  /** A dashboard token ("Add New Token"): active at once; pos tokens need no signature. */
  createDashboardToken(facade: Facade, label: string, sin?: string, value?: string): ApiToken {
    if (value !== undefined && (this.tokens.has(value) || this.resources.has(value))) {
      throw new SandboxError('token_exists', `token ${value} already exists`);
    }
    const token: ApiToken = {
      token: value ?? newApiToken(),
      facade,
      label,
      sins: sin ? [sin] : [],
      active: true,
      requiresSignature: facade !== 'pos',
      dateCreated: this.now(),
    };
    this.tokens.set(token.token, token);
    return token;
  }

  addResource(value: string, kind: ResourceKind, id: string, parent: string): void {
    this.resources.set(value, { kind, id, parent });
  }

  private uniqueCode(): string {
    for (;;) {
      const c = newPairingCode();
      if (!this.codes.has(c)) return c;
    }
  }
}

/** The token object BitPay answers `POST /tokens` with (§2.2). */
export function tokenJson(t: ApiToken): Record<string, unknown> {
  const policies = t.sins.map((sin) => ({ policy: 'id', method: t.active ? 'require' : 'inactive', params: [sin] }));
  return {
    policies,
    token: t.token,
    facade: t.facade,
    label: t.label,
    dateCreated: t.dateCreated,
    pairingExpiration: t.pairingExpiration,
    pairingCode: t.pairingCode,
  };
}
