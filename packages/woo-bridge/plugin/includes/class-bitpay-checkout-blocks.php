<?php
/**
 * BitPay Checkout in the block checkout (the default Checkout page of current WooCommerce).
 *
 * @package BitPay_Checkout_For_WooCommerce
 */

use Automattic\WooCommerce\Blocks\Payments\Integrations\AbstractPaymentMethodType;

defined( 'ABSPATH' ) || exit;

/**
 * Registers the payment method with the block checkout; the script is plain JavaScript (no build step).
 */
final class Bitpay_Checkout_Blocks extends AbstractPaymentMethodType {

	/**
	 * Payment method name, the gateway id.
	 *
	 * @var string
	 */
	protected $name = 'bitpay_checkout';

	/**
	 * Reads the gateway's settings.
	 */
	public function initialize() {
		$this->settings = get_option( 'woocommerce_bitpay_checkout_settings', array() );
	}

	/**
	 * Active when enabled and configured.
	 *
	 * @return bool
	 */
	public function is_active() {
		$gateways = WC()->payment_gateways() ? WC()->payment_gateways()->payment_gateways() : array();
		return isset( $gateways[ $this->name ] ) && $gateways[ $this->name ]->is_available();
	}

	/**
	 * The script that calls registerPaymentMethod().
	 *
	 * @return string[]
	 */
	public function get_payment_method_script_handles() {
		wp_register_script(
			'bitpay-checkout-blocks',
			plugins_url( 'assets/js/blocks.js', BITPAY_CHECKOUT_FILE ),
			array( 'wc-blocks-registry', 'wc-settings', 'wp-element', 'wp-html-entities', 'wp-i18n' ),
			BITPAY_CHECKOUT_VERSION,
			true
		);
		wp_set_script_translations( 'bitpay-checkout-blocks', 'bitpay-checkout-for-woocommerce', plugin_dir_path( BITPAY_CHECKOUT_FILE ) . 'languages' );
		return array( 'bitpay-checkout-blocks' );
	}

	/**
	 * What the script reads through wc.wcSettings.getSetting( 'bitpay_checkout_data' ).
	 *
	 * @return array
	 */
	public function get_payment_method_data() {
		return array(
			'title'       => isset( $this->settings['title'] ) ? $this->settings['title'] : __( 'Bitcoin and other crypto (BitPay)', 'bitpay-checkout-for-woocommerce' ),
			'description' => isset( $this->settings['description'] ) ? $this->settings['description'] : '',
			'supports'    => array( 'products' ),
		);
	}
}
