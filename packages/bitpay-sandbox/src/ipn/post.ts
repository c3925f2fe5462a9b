import { Agent as HttpAgent, request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What a merchant's IPN endpoint sees as the sender: a server naming the sandbox, as a BitPay server would be. */
export const IPN_USER_AGENT = 'BitPay-Sandbox (@bitpay-checkout/bitpay-sandbox; IPN sender)';

/**
 * POSTs webhooks with node:http(s), as a server does: exactly the headers given (no browser-style `sec-fetch-*`,
 * `accept-language` or `user-agent: node` that fetch adds), one connection per delivery, redirects not followed.
 */
export class WebhookPoster {
  private readonly http = new HttpAgent({ keepAlive: false });
  private readonly https = new HttpsAgent({ keepAlive: false });

  /** Resolves with the HTTP status once the answer's head arrives (its body is drained and dropped). */
  post(url: string, body: string, headers: OutgoingHttpHeaders, signal: AbortSignal): Promise<number> {
    return new Promise((resolve, reject) => {
      const u = new URL(url);
      const secure = u.protocol === 'https:';
      if (!secure && u.protocol !== 'http:') return reject(new Error(`not an http(s) URL: ${u.protocol}`));
      const req = (secure ? httpsRequest : httpRequest)(
        u,
        {
          method: 'POST',
          agent: secure ? this.https : this.http,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
          signal,
        },
        (res) => {
          res.on('error', () => undefined);
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Closes every socket (the sandbox is closing). */
  destroy(): void {
    this.http.destroy();
    this.https.destroy();
  }
}
