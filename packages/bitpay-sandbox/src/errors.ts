/**
 * Every failure the sandbox reports carries a stable `code`. HTTP failures also carry the BitPay
 * envelope they are answered with (`bitpay-protocol.md` §3.1, §8): the body is BitPay's, the code is ours
 * (sent as the `x-sandbox-error-code` header so tests and people need not match message text).
 */
export class SandboxError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'SandboxError';
    this.code = code;
  }
}

/** A request BitPay would refuse: HTTP status plus the exact JSON body to send. */
export class ApiError extends SandboxError {
  readonly status: number;
  readonly body: Record<string, unknown>;
  constructor(code: string, status: number, body: Record<string, unknown>) {
    super(code, String(body.error ?? code));
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

/** `{"error":"…"}`: BitPay's plain error envelope. */
export function plainError(code: string, status: number, message: string): ApiError {
  return new ApiError(code, status, { error: message });
}

/** `{"status":"error","code":"040107","data":null,"error":"…"}`: BitPay's coded envelope (6 digits). */
export function codedError(code: string, status: number, bitpayCode: string, message: string): ApiError {
  return new ApiError(code, status, { status: 'error', code: bitpayCode, data: null, error: message });
}

/** `{"errors":[{"error":"Missing required parameter.","param":"price"}]}`: several missing parameters at once. */
export function missingParams(params: string[]): ApiError {
  return new ApiError('missing_parameter', 400, {
    errors: params.map((param) => ({ error: 'Missing required parameter.', param })),
  });
}

/** One invalid parameter, in the multi-error envelope so the SDKs name the parameter. */
export function invalidParam(param: string, message = 'Invalid parameter.'): ApiError {
  return new ApiError('invalid_parameter', 400, { errors: [{ error: message, param }] });
}
