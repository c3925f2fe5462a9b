<?php
/**
 * The plugin's calls to the bridge server: signed JSON POSTs, answers as arrays or WP_Error.
 *
 * @package BitPay_Checkout_For_WooCommerce
 */

defined( 'ABSPATH' ) || exit;

/**
 * Server-to-server client of the bridge (`/woo/v1/...`).
 */
class Bitpay_Checkout_Bridge_Client {

	/**
	 * Bridge base URL, without a trailing slash.
	 *
	 * @var string
	 */
	private $url;

	/**
	 * Shared secret.
	 *
	 * @var string
	 */
	private $secret;

	/**
	 * Constructor.
	 *
	 * @param string $url    Bridge URL.
	 * @param string $secret Shared secret.
	 */
	public function __construct( $url, $secret ) {
		$this->url    = untrailingslashit( $url );
		$this->secret = $secret;
	}

	/**
	 * POSTs a signed JSON body to the bridge.
	 *
	 * The bridge is often on the shop's own host (127.0.0.1), which wp_safe_remote_post() refuses; the URL is
	 * the merchant's own setting, so wp_remote_post() is the right call.
	 *
	 * @param string $path Path under the bridge URL, e.g. /woo/v1/payments.
	 * @param array  $body Fields.
	 * @return array|WP_Error The decoded answer, or the bridge's error (code and message).
	 */
	public function post( $path, array $body ) {
		if ( '' === $this->url || '' === $this->secret ) {
			return new WP_Error( 'bitpay_checkout_not_configured', __( 'The BitPay bridge URL and shared secret are not set.', 'bitpay-checkout-for-woocommerce' ) );
		}
		// A fresh nonce per call: the bridge accepts each signature once, and a retry in the same second is a new call.
		$body['nonce'] = bin2hex( random_bytes( 16 ) );
		$json          = wp_json_encode( (object) $body );
		$headers  = array_merge(
			array(
				'Content-Type' => 'application/json',
				'Accept'       => 'application/json',
			),
			Bitpay_Checkout_Request_Signer::headers( $this->secret, $json, time() )
		);
		$response = wp_remote_post(
			$this->url . $path,
			array(
				'headers'     => $headers,
				'body'        => $json,
				'timeout'     => 30,
				'redirection' => 0,
			)
		);
		if ( is_wp_error( $response ) ) {
			return new WP_Error(
				'bitpay_checkout_bridge_unreachable',
				/* translators: %s: the error WordPress reported */
				sprintf( __( 'The BitPay bridge did not answer: %s', 'bitpay-checkout-for-woocommerce' ), $response->get_error_message() )
			);
		}
		$status = (int) wp_remote_retrieve_response_code( $response );
		$data   = json_decode( wp_remote_retrieve_body( $response ), true );
		if ( $status >= 200 && $status < 300 && is_array( $data ) ) {
			return $data;
		}
		$code    = is_array( $data ) && isset( $data['error']['code'] ) ? (string) $data['error']['code'] : 'HTTP_' . $status;
		$message = is_array( $data ) && isset( $data['error']['message'] ) ? (string) $data['error']['message'] : '';
		return new WP_Error(
			'bitpay_checkout_' . strtolower( $code ),
			/* translators: 1: error code, 2: the bridge's explanation */
			sprintf( __( 'The BitPay bridge refused the request (%1$s). %2$s', 'bitpay-checkout-for-woocommerce' ), $code, $message ),
			array( 'status' => $status )
		);
	}
}
