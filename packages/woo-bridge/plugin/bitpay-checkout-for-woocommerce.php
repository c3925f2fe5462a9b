<?php
/**
 * Plugin Name:          BitPay Checkout for WooCommerce
 * Description:          Take BitPay payments on your own checkout pages with the BitPay Checkout element; orders and refunds follow BitPay through the BitPay Checkout bridge.
 * Version:              0.1.0
 * Requires at least:    6.7
 * Requires PHP:         7.4
 * Requires Plugins:     woocommerce
 * WC requires at least: 9.0
 * WC tested up to:      10.0
 * Author:               bitpay-checkout
 * License:              MIT
 * License URI:          https://opensource.org/license/mit
 * Text Domain:          bitpay-checkout-for-woocommerce
 * Domain Path:          /languages
 *
 * @package BitPay_Checkout_For_WooCommerce
 */

defined( 'ABSPATH' ) || exit;

define( 'BITPAY_CHECKOUT_VERSION', '0.1.0' );
define( 'BITPAY_CHECKOUT_FILE', __FILE__ );

require_once __DIR__ . '/includes/class-bitpay-checkout-reference.php';
require_once __DIR__ . '/includes/class-bitpay-checkout-request-signer.php';
require_once __DIR__ . '/includes/class-bitpay-checkout-plugin.php';

Bitpay_Checkout_Plugin::boot();
