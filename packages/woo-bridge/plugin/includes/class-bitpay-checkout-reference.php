<?php
/**
 * The element's order reference: `wc1.<order id>.<expiry>.<signature>`.
 *
 * The bridge (TypeScript, `src/reference/reference.ts`) checks it with the same secret, so a browser can only
 * open the invoice of an order it was shown, and only until the reference expires. Pure PHP, no WordPress.
 *
 * @package BitPay_Checkout_For_WooCommerce
 */

defined( 'ABSPATH' ) || exit;

/**
 * Mints and checks order references (HMAC-SHA256, base64url).
 */
final class Bitpay_Checkout_Reference {

	const PREFIX  = 'wc1';
	const CONTEXT = 'bitpay-checkout/order-reference/v1';
	/** Default lifetime of a reference, in seconds (two days). */
	const DEFAULT_TTL = 172800;
	/** A reference with less left than this is replaced before it is shown again. */
	const RENEW_BEFORE = 3600;

	/**
	 * A reference for the order, valid until $expires_at (unix seconds).
	 *
	 * @param string     $secret     Shared secret.
	 * @param int|string $order_id   WooCommerce order id.
	 * @param int        $expires_at Unix seconds.
	 * @return string
	 */
	public static function mint( $secret, $order_id, $expires_at ) {
		$id = (string) $order_id;
		if ( ! preg_match( '/^[1-9][0-9]{0,19}$/', $id ) ) {
			throw new InvalidArgumentException( 'order id must be a positive integer' );
		}
		$expires_at = (int) $expires_at;
		return self::PREFIX . '.' . $id . '.' . $expires_at . '.' . self::sign( $secret, $id, $expires_at );
	}

	/**
	 * The order id a reference names, or null when it is malformed, forged or expired.
	 *
	 * @param string $secret    Shared secret.
	 * @param string $reference Reference.
	 * @param int    $now       Unix seconds.
	 * @return array{order_id: string, expires_at: int}|null
	 */
	public static function verify( $secret, $reference, $now ) {
		if ( ! is_string( $reference ) || ! preg_match( '/^wc1\.([1-9][0-9]{0,19})\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})$/', $reference, $m ) ) {
			return null;
		}
		$expires_at = (int) $m[2];
		if ( ! hash_equals( self::sign( $secret, $m[1], $expires_at ), $m[3] ) ) {
			return null;
		}
		if ( $expires_at <= $now ) {
			return null;
		}
		return array(
			'order_id'   => $m[1],
			'expires_at' => $expires_at,
		);
	}

	/**
	 * Whether a stored reference can still be shown for this order, or a new one is due.
	 *
	 * @param string     $secret    Shared secret.
	 * @param string     $reference Stored reference ('' when none).
	 * @param int|string $order_id  The order it must name.
	 * @param int        $now       Unix seconds.
	 * @return bool
	 */
	public static function is_usable( $secret, $reference, $order_id, $now ) {
		$check = self::verify( $secret, $reference, $now );
		return null !== $check && (string) $order_id === $check['order_id'] && $check['expires_at'] - $now >= self::RENEW_BEFORE;
	}

	/**
	 * HMAC-SHA256 over context, order id and expiry, base64url without padding.
	 *
	 * @param string $secret     Shared secret.
	 * @param string $order_id   Order id.
	 * @param int    $expires_at Unix seconds.
	 * @return string
	 */
	private static function sign( $secret, $order_id, $expires_at ) {
		$mac = hash_hmac( 'sha256', self::CONTEXT . ':' . $order_id . '.' . $expires_at, $secret, true );
		return rtrim( strtr( base64_encode( $mac ), '+/', '-_' ), '=' );
	}
}
