<?php
/**
 * Removes the gateway's settings when the plugin is deleted. Orders and their notes stay.
 *
 * @package BitPay_Checkout_For_WooCommerce
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

delete_option( 'woocommerce_bitpay_checkout_settings' );
