<?php
/**
 * Signatures of the plugin's server-to-server calls to the bridge.
 *
 * `X-BitPay-Checkout-Timestamp: <unix s>` and `X-BitPay-Checkout-Signature: v1=<hex HMAC-SHA256(secret,
 * "<timestamp>.<raw body>")>`; the bridge (`src/signing/request-signature.ts`) refuses a request outside a
 * five-minute window or seen before. Pure PHP, no WordPress.
 *
 * @package BitPay_Checkout_For_WooCommerce
 */

defined( 'ABSPATH' ) || exit;

/**
 * Signs and checks bodies with the shared secret.
 */
final class Bitpay_Checkout_Request_Signer {

	const TIMESTAMP_HEADER = 'X-BitPay-Checkout-Timestamp';
	const SIGNATURE_HEADER = 'X-BitPay-Checkout-Signature';
	const WINDOW           = 300;

	/**
	 * The signature of a body at a time.
	 *
	 * @param string $secret    Shared secret.
	 * @param string $body      Raw body.
	 * @param int    $timestamp Unix seconds.
	 * @return string
	 */
	public static function sign( $secret, $body, $timestamp ) {
		return 'v1=' . hash_hmac( 'sha256', (int) $timestamp . '.' . $body, $secret );
	}

	/**
	 * The two headers for a body, now.
	 *
	 * @param string $secret Shared secret.
	 * @param string $body   Raw body.
	 * @param int    $now    Unix seconds.
	 * @return array<string, string>
	 */
	public static function headers( $secret, $body, $now ) {
		return array(
			self::TIMESTAMP_HEADER => (string) (int) $now,
			self::SIGNATURE_HEADER => self::sign( $secret, $body, $now ),
		);
	}

	/**
	 * Whether a signature is this secret's for the body, inside the window (constant-time compare).
	 *
	 * @param string $secret    Shared secret.
	 * @param string $body      Raw body.
	 * @param string $timestamp Header value.
	 * @param string $signature Header value.
	 * @param int    $now       Unix seconds.
	 * @return bool
	 */
	public static function verify( $secret, $body, $timestamp, $signature, $now ) {
		if ( ! is_string( $timestamp ) || ! preg_match( '/^[0-9]{1,12}$/', $timestamp ) ) {
			return false;
		}
		if ( ! is_string( $signature ) || ! preg_match( '/^v1=[0-9a-f]{64}$/', $signature ) ) {
			return false;
		}
		if ( abs( $now - (int) $timestamp ) > self::WINDOW ) {
			return false;
		}
		return hash_equals( self::sign( $secret, $body, (int) $timestamp ), $signature );
	}
}
