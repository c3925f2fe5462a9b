<?php
/**
 * Wires the plugin into WordPress and WooCommerce.
 *
 * @package BitPay_Checkout_For_WooCommerce
 */

defined( 'ABSPATH' ) || exit;

/**
 * Hooks: compatibility declarations, the gateway, the block checkout, the bridge's REST route, the admin button.
 */
final class Bitpay_Checkout_Plugin {

	const REST_NAMESPACE = 'wc-bitpay-checkout/v1';
	const TEXT_DOMAIN    = 'bitpay-checkout-for-woocommerce';

	/**
	 * Registers every hook; does nothing else (no work when a page loads).
	 */
	public static function boot() {
		add_action( 'before_woocommerce_init', array( __CLASS__, 'declare_compatibility' ) );
		add_action( 'init', array( __CLASS__, 'load_textdomain' ) );
		add_action( 'plugins_loaded', array( __CLASS__, 'load_gateway' ) );
		add_action( 'woocommerce_blocks_loaded', array( __CLASS__, 'load_blocks' ) );
		add_action( 'rest_api_init', array( __CLASS__, 'register_routes' ) );
		add_action( 'wp_enqueue_scripts', array( __CLASS__, 'enqueue_on_order_pages' ) );
		add_action( 'admin_enqueue_scripts', array( __CLASS__, 'enqueue_admin' ) );
		add_action( 'wp_ajax_bitpay_checkout_test_connection', array( __CLASS__, 'ajax_test_connection' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( BITPAY_CHECKOUT_FILE ), array( __CLASS__, 'action_links' ) );
	}

	/**
	 * HPOS (custom order tables) and the block checkout: both supported.
	 */
	public static function declare_compatibility() {
		if ( class_exists( \Automattic\WooCommerce\Utilities\FeaturesUtil::class ) ) {
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', BITPAY_CHECKOUT_FILE, true );
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'cart_checkout_blocks', BITPAY_CHECKOUT_FILE, true );
		}
	}

	/**
	 * Translations from languages/ (WordPress.org language packs win when installed).
	 */
	public static function load_textdomain() {
		load_plugin_textdomain( self::TEXT_DOMAIN, false, dirname( plugin_basename( BITPAY_CHECKOUT_FILE ) ) . '/languages' );
	}

	/**
	 * The gateway, once WooCommerce is loaded.
	 */
	public static function load_gateway() {
		if ( ! class_exists( 'WC_Payment_Gateway' ) ) {
			return;
		}
		require_once __DIR__ . '/class-bitpay-checkout-bridge-client.php';
		require_once __DIR__ . '/class-wc-gateway-bitpay-checkout.php';
		add_filter( 'woocommerce_payment_gateways', array( __CLASS__, 'add_gateway' ) );
	}

	/**
	 * Adds the gateway to WooCommerce's list.
	 *
	 * @param array $gateways Gateway class names.
	 * @return array
	 */
	public static function add_gateway( $gateways ) {
		$gateways[] = 'WC_Gateway_Bitpay_Checkout';
		return $gateways;
	}

	/**
	 * The block checkout integration.
	 */
	public static function load_blocks() {
		if ( ! class_exists( \Automattic\WooCommerce\Blocks\Payments\Integrations\AbstractPaymentMethodType::class ) ) {
			return;
		}
		require_once __DIR__ . '/class-bitpay-checkout-blocks.php';
		add_action(
			'woocommerce_blocks_payment_method_type_registration',
			function ( $registry ) {
				$registry->register( new Bitpay_Checkout_Blocks() );
			}
		);
	}

	/**
	 * The gateway object WooCommerce holds.
	 *
	 * @return WC_Gateway_Bitpay_Checkout|null
	 */
	public static function gateway() {
		if ( ! function_exists( 'WC' ) || ! WC()->payment_gateways() ) {
			return null;
		}
		$gateways = WC()->payment_gateways()->payment_gateways();
		return isset( $gateways['bitpay_checkout'] ) ? $gateways['bitpay_checkout'] : null;
	}

	/**
	 * The bridge's one write route: `$order->payment_complete()` for an order of this gateway, which the REST
	 * v3 orders route does only for orders still awaiting payment (not on-hold ones). Authenticated like the
	 * REST v3 API (the `wc-` namespace takes WooCommerce's REST keys) and limited to users who may edit the order.
	 */
	public static function register_routes() {
		register_rest_route(
			self::REST_NAMESPACE,
			'/orders/(?P<id>\d+)/payment-complete',
			array(
				'methods'             => 'POST',
				'callback'            => array( __CLASS__, 'rest_payment_complete' ),
				'permission_callback' => function ( $request ) {
					return function_exists( 'wc_rest_check_post_permissions' ) && wc_rest_check_post_permissions( 'shop_order', 'edit', (int) $request['id'] );
				},
				'args'                => array(
					'transaction_id' => array(
						'type'     => 'string',
						'required' => true,
						'pattern'  => '^[A-Za-z0-9]{1,64}$',
					),
					'meta_data'      => array(
						'type'     => 'array',
						'required' => false,
					),
				),
			)
		);
	}

	/**
	 * Applies the bridge's bookkeeping meta and completes the payment, in one save.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function rest_payment_complete( $request ) {
		$order = wc_get_order( (int) $request['id'] );
		if ( ! $order || 'bitpay_checkout' !== $order->get_payment_method() ) {
			return new WP_Error( 'bitpay_checkout_no_order', __( 'No such order paid with BitPay.', 'bitpay-checkout-for-woocommerce' ), array( 'status' => 404 ) );
		}
		$meta = $request['meta_data'];
		foreach ( is_array( $meta ) ? $meta : array() as $row ) {
			if ( ! is_array( $row ) || ! isset( $row['key'], $row['value'] ) || 0 !== strpos( (string) $row['key'], '_bitpay_checkout_' ) ) {
				return new WP_Error( 'bitpay_checkout_bad_meta', __( 'Only the bridge\'s own order meta can be written here.', 'bitpay-checkout-for-woocommerce' ), array( 'status' => 400 ) );
			}
			$order->update_meta_data( (string) $row['key'], (string) $row['value'] );
		}
		if ( $order->has_status( array( 'pending', 'failed', 'on-hold' ) ) ) {
			$order->payment_complete( (string) $request['transaction_id'] );
		} else {
			$order->save();
		}
		$order = wc_get_order( $order->get_id() );
		return rest_ensure_response(
			array(
				'id'             => $order->get_id(),
				'status'         => $order->get_status(),
				'transaction_id' => $order->get_transaction_id(),
			)
		);
	}

	/**
	 * Loads the element on order-pay and thank-you pages of this gateway's orders (the gateway prints the tag).
	 */
	public static function enqueue_on_order_pages() {
		if ( ! function_exists( 'is_wc_endpoint_url' ) || ! ( is_wc_endpoint_url( 'order-pay' ) || is_wc_endpoint_url( 'order-received' ) ) ) {
			return;
		}
		$id    = absint( is_wc_endpoint_url( 'order-pay' ) ? get_query_var( 'order-pay' ) : get_query_var( 'order-received' ) );
		$order = $id ? wc_get_order( $id ) : null;
		$gw    = self::gateway();
		if ( $order && $gw && 'bitpay_checkout' === $order->get_payment_method() ) {
			WC_Gateway_Bitpay_Checkout::enqueue_element( $gw->bridge_url() );
		}
	}

	/**
	 * The settings page script (only on this gateway's section).
	 *
	 * @param string $hook Admin page hook.
	 */
	public static function enqueue_admin( $hook ) {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- reading which settings page is shown.
		$section = isset( $_GET['section'] ) ? sanitize_key( wp_unslash( $_GET['section'] ) ) : '';
		if ( 'woocommerce_page_wc-settings' !== $hook || 'bitpay_checkout' !== $section ) {
			return;
		}
		wp_enqueue_script( 'bitpay-checkout-admin', plugins_url( 'assets/js/admin.js', BITPAY_CHECKOUT_FILE ), array(), BITPAY_CHECKOUT_VERSION, true );
		wp_localize_script(
			'bitpay-checkout-admin',
			'bitpayCheckoutAdmin',
			array(
				'ajaxUrl' => admin_url( 'admin-ajax.php' ),
				'nonce'   => wp_create_nonce( 'bitpay_checkout_test_connection' ),
				'i18n'    => array(
					'testing' => __( 'Testing…', 'bitpay-checkout-for-woocommerce' ),
					'ok'      => __( 'Connected.', 'bitpay-checkout-for-woocommerce' ),
					'failed'  => __( 'Not connected.', 'bitpay-checkout-for-woocommerce' ),
				),
			)
		);
	}

	/**
	 * "Test connection": asks the bridge (signed) to check WooCommerce's REST API and BitPay.
	 */
	public static function ajax_test_connection() {
		check_ajax_referer( 'bitpay_checkout_test_connection' );
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			wp_send_json_error( array( 'message' => __( 'You may not change payment settings.', 'bitpay-checkout-for-woocommerce' ) ), 403 );
		}
		$gw = self::gateway();
		if ( ! $gw ) {
			wp_send_json_error( array( 'message' => __( 'The gateway is not loaded.', 'bitpay-checkout-for-woocommerce' ) ) );
		}
		$answer = $gw->bridge()->post( '/woo/v1/ping', array() );
		if ( is_wp_error( $answer ) ) {
			WC_Gateway_Bitpay_Checkout::log( 'warning', 'Test connection: ' . $answer->get_error_message() );
			wp_send_json_error( array( 'message' => $answer->get_error_message() ) );
		}
		$checks = isset( $answer['checks'] ) && is_array( $answer['checks'] ) ? $answer['checks'] : array();
		if ( ! empty( $answer['ok'] ) ) {
			wp_send_json_success( array( 'checks' => $checks ) );
		}
		wp_send_json_error( array( 'checks' => $checks ) );
	}

	/**
	 * A "Settings" link on the Plugins screen.
	 *
	 * @param array $links Links.
	 * @return array
	 */
	public static function action_links( $links ) {
		$url = admin_url( 'admin.php?page=wc-settings&tab=checkout&section=bitpay_checkout' );
		array_unshift( $links, '<a href="' . esc_url( $url ) . '">' . esc_html__( 'Settings', 'bitpay-checkout-for-woocommerce' ) . '</a>' );
		return $links;
	}
}
