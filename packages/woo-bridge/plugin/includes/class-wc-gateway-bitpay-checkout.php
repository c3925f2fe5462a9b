<?php
/**
 * The BitPay Checkout payment gateway: invoices through the bridge, the <bitpay-checkout> element on the
 * order-pay and thank-you pages, refunds from the order screen.
 *
 * @package BitPay_Checkout_For_WooCommerce
 */

defined( 'ABSPATH' ) || exit;

/**
 * Gateway `bitpay_checkout` (settings in `woocommerce_bitpay_checkout_settings`).
 */
class WC_Gateway_Bitpay_Checkout extends WC_Payment_Gateway {

	const ID          = 'bitpay_checkout';
	const LOG_SOURCE  = 'bitpay-checkout';
	const META_REF    = '_bitpay_checkout_ref';
	const META_RETURN = '_bitpay_checkout_return_url';
	const META_INVOICE = '_bitpay_checkout_invoice_id';

	/**
	 * Constructor.
	 */
	public function __construct() {
		$this->id                 = self::ID;
		$this->has_fields         = false;
		$this->method_title       = __( 'BitPay Checkout', 'bitpay-checkout-for-woocommerce' );
		$this->method_description = __( 'Take BitPay payments on your own checkout pages with the BitPay Checkout element. Needs the BitPay Checkout bridge (see the plugin\'s README).', 'bitpay-checkout-for-woocommerce' );
		$this->supports           = array( 'products', 'refunds' );

		$this->init_form_fields();
		$this->init_settings();
		$this->title       = $this->get_option( 'title' );
		$this->description = $this->get_option( 'description' );
		$this->enabled     = $this->get_option( 'enabled' );

		add_action( 'woocommerce_update_options_payment_gateways_' . $this->id, array( $this, 'process_admin_options' ) );
		add_action( 'woocommerce_receipt_' . $this->id, array( $this, 'receipt_page' ) );
		add_action( 'woocommerce_thankyou_' . $this->id, array( $this, 'thankyou_page' ) );
	}

	/**
	 * Settings fields.
	 */
	public function init_form_fields() {
		$this->form_fields = array(
			'enabled'         => array(
				'title'   => __( 'Enable/Disable', 'bitpay-checkout-for-woocommerce' ),
				'type'    => 'checkbox',
				'label'   => __( 'Enable BitPay Checkout', 'bitpay-checkout-for-woocommerce' ),
				'default' => 'no',
			),
			'title'           => array(
				'title'       => __( 'Title', 'bitpay-checkout-for-woocommerce' ),
				'type'        => 'text',
				'description' => __( 'What shoppers see at checkout.', 'bitpay-checkout-for-woocommerce' ),
				'default'     => __( 'Bitcoin and other crypto (BitPay)', 'bitpay-checkout-for-woocommerce' ),
				'desc_tip'    => true,
			),
			'description'     => array(
				'title'       => __( 'Description', 'bitpay-checkout-for-woocommerce' ),
				'type'        => 'textarea',
				'description' => __( 'Shown under the title at checkout.', 'bitpay-checkout-for-woocommerce' ),
				'default'     => __( 'Pay with your crypto wallet on the next page.', 'bitpay-checkout-for-woocommerce' ),
				'desc_tip'    => true,
			),
			'bridge_url'      => array(
				'title'       => __( 'Bridge URL', 'bitpay-checkout-for-woocommerce' ),
				'type'        => 'url',
				'description' => __( 'Where the BitPay Checkout bridge runs, as shoppers\' browsers reach it (https in production), e.g. https://pay.example.com.', 'bitpay-checkout-for-woocommerce' ),
				'default'     => '',
				'placeholder' => 'https://pay.example.com',
			),
			'shared_secret'   => array(
				'title'       => __( 'Shared secret', 'bitpay-checkout-for-woocommerce' ),
				'type'        => 'password',
				'description' => __( 'The same value as the bridge\'s WOO_BRIDGE_SECRET (at least 32 characters; `bitpay-checkout-woo secret` makes one).', 'bitpay-checkout-for-woocommerce' ),
				'default'     => '',
			),
			'test_connection' => array(
				'title'       => __( 'Connection', 'bitpay-checkout-for-woocommerce' ),
				'type'        => 'bitpay_test_connection',
				'description' => __( 'Checks, with the saved settings, that the bridge answers, accepts the shared secret, reaches this shop\'s REST API and BitPay.', 'bitpay-checkout-for-woocommerce' ),
			),
		);
	}

	/**
	 * The "Test connection" button (a settings field type of its own).
	 *
	 * @param string $key  Field key.
	 * @param array  $data Field definition.
	 * @return string
	 */
	public function generate_bitpay_test_connection_html( $key, $data ) {
		ob_start();
		?>
		<tr valign="top">
			<th scope="row" class="titledesc"><?php echo esc_html( $data['title'] ); ?></th>
			<td class="forminp">
				<button type="button" class="button" id="bitpay-checkout-test-connection"><?php esc_html_e( 'Test connection', 'bitpay-checkout-for-woocommerce' ); ?></button>
				<span id="bitpay-checkout-test-result" role="status" aria-live="polite"></span>
				<p class="description"><?php echo esc_html( $data['description'] ); ?></p>
			</td>
		</tr>
		<?php
		return (string) ob_get_clean();
	}

	/**
	 * Nothing to save for the button.
	 *
	 * @param string $key   Field key.
	 * @param mixed  $value Posted value.
	 * @return string
	 */
	public function validate_bitpay_test_connection_field( $key, $value ) {
		return '';
	}

	/**
	 * The bridge URL: http(s), no query.
	 *
	 * @param string $key   Field key.
	 * @param string $value Posted value.
	 * @return string
	 * @throws Exception When it is not an http(s) URL.
	 */
	public function validate_bridge_url_field( $key, $value ) {
		$value = untrailingslashit( trim( (string) $value ) );
		if ( '' !== $value && ! preg_match( '#^https?://[^/?\#\s]+(/[^?\#\s]*)?$#', $value ) ) {
			throw new Exception( __( 'The bridge URL must start with https:// (or http://) and have no query.', 'bitpay-checkout-for-woocommerce' ) );
		}
		return $value;
	}

	/**
	 * The shared secret: kept when left empty, at least 32 characters otherwise.
	 *
	 * @param string $key   Field key.
	 * @param string $value Posted value.
	 * @return string
	 * @throws Exception When it is too short.
	 */
	public function validate_shared_secret_field( $key, $value ) {
		$value = trim( (string) $value );
		if ( '' === $value ) {
			return (string) $this->get_option( 'shared_secret' );
		}
		if ( strlen( $value ) < 32 ) {
			throw new Exception( __( 'The shared secret must be at least 32 characters.', 'bitpay-checkout-for-woocommerce' ) );
		}
		return $value;
	}

	/**
	 * Available only once the bridge is configured.
	 *
	 * @return bool
	 */
	public function is_available() {
		return parent::is_available() && '' !== $this->bridge_url() && '' !== $this->secret();
	}

	/**
	 * The bridge URL setting.
	 *
	 * @return string
	 */
	public function bridge_url() {
		return untrailingslashit( (string) $this->get_option( 'bridge_url' ) );
	}

	/**
	 * The shared secret setting.
	 *
	 * @return string
	 */
	private function secret() {
		return (string) $this->get_option( 'shared_secret' );
	}

	/**
	 * The client for the bridge.
	 *
	 * @return Bitpay_Checkout_Bridge_Client
	 */
	public function bridge() {
		return new Bitpay_Checkout_Bridge_Client( $this->bridge_url(), $this->secret() );
	}

	/**
	 * Writes to the WooCommerce log (WooCommerce → Status → Logs, source bitpay-checkout).
	 *
	 * @param string $level   emergency … debug.
	 * @param string $message Never a secret.
	 */
	public static function log( $level, $message ) {
		if ( function_exists( 'wc_get_logger' ) ) {
			wc_get_logger()->log( $level, $message, array( 'source' => self::LOG_SOURCE ) );
		}
	}

	/**
	 * The order's reference for the element: the stored one while it has time left, else a new one.
	 *
	 * @param WC_Order $order Order.
	 * @return string
	 */
	public function reference_for( $order ) {
		$stored = (string) $order->get_meta( self::META_REF );
		if ( Bitpay_Checkout_Reference::is_usable( $this->secret(), $stored, $order->get_id(), time() ) ) {
			return $stored;
		}
		$reference = Bitpay_Checkout_Reference::mint( $this->secret(), $order->get_id(), time() + Bitpay_Checkout_Reference::DEFAULT_TTL );
		$order->update_meta_data( self::META_REF, $reference );
		$order->save();
		return $reference;
	}

	/**
	 * Asks the bridge for the order's invoice (the open one, or a new one), then sends the shopper to the page
	 * that shows it. Nothing is changed on failure: the shopper sees why and can try again.
	 *
	 * @param int $order_id Order id.
	 * @return array
	 */
	public function process_payment( $order_id ) {
		$order = wc_get_order( $order_id );
		if ( ! $order ) {
			return array( 'result' => 'failure' );
		}
		$order->update_meta_data( self::META_RETURN, $this->get_return_url( $order ) );
		$order->save();
		$answer = $this->bridge()->post(
			'/woo/v1/payments',
			array(
				'orderId'    => $order->get_id(),
				'reference'  => $this->reference_for( $order ),
				'customerIp' => (string) $order->get_customer_ip_address(),
			)
		);
		if ( is_wp_error( $answer ) ) {
			self::log( 'error', sprintf( 'Order %d: no invoice (%s): %s', $order->get_id(), $answer->get_error_code(), $answer->get_error_message() ) );
			wc_add_notice( __( 'BitPay is not available right now. Please try again in a moment or choose another payment method.', 'bitpay-checkout-for-woocommerce' ), 'error' );
			return array( 'result' => 'failure' );
		}
		self::log( 'info', sprintf( 'Order %d: invoice %s (%s).', $order->get_id(), isset( $answer['invoiceId'] ) ? $answer['invoiceId'] : '?', ! empty( $answer['created'] ) ? 'new' : 'open' ) );
		if ( WC()->cart ) {
			WC()->cart->empty_cart();
		}
		return array(
			'result'   => 'success',
			'redirect' => $order->get_checkout_payment_url( true ),
		);
	}

	/**
	 * The element on the order-pay page (WooCommerce has checked the order key before calling this).
	 *
	 * @param int $order_id Order id.
	 */
	public function receipt_page( $order_id ) {
		$order = wc_get_order( $order_id );
		if ( $order ) {
			$this->render_element( $order );
		}
	}

	/**
	 * The element on the thank-you page: to pay if the order still needs it, else its invoice's status.
	 *
	 * @param int $order_id Order id.
	 */
	public function thankyou_page( $order_id ) {
		$order = wc_get_order( $order_id );
		if ( $order && self::ID === $order->get_payment_method() ) {
			$this->render_element( $order );
		}
	}

	/**
	 * Prints `<bitpay-checkout>` for the order and loads the element from the bridge.
	 *
	 * @param WC_Order $order Order.
	 */
	private function render_element( $order ) {
		$endpoint = $this->bridge_url() . '/bitpay';
		$invoice  = (string) $order->get_meta( self::META_INVOICE );
		self::enqueue_element( $this->bridge_url() );
		echo '<div class="bitpay-checkout-for-woocommerce">';
		if ( $order->needs_payment() ) {
			printf(
				'<bitpay-checkout order-id="%1$s" endpoint="%2$s" auto-redirect></bitpay-checkout>',
				esc_attr( $this->reference_for( $order ) ),
				esc_url( $endpoint )
			);
		} elseif ( '' !== $invoice ) {
			printf(
				'<bitpay-checkout invoice-id="%1$s" endpoint="%2$s"></bitpay-checkout>',
				esc_attr( $invoice ),
				esc_url( $endpoint )
			);
		}
		echo '<noscript>' . esc_html__( 'Paying with BitPay needs JavaScript.', 'bitpay-checkout-for-woocommerce' ) . '</noscript></div>';
	}

	/**
	 * The element's script module, served by the bridge.
	 *
	 * @param string $bridge_url Bridge URL.
	 */
	public static function enqueue_element( $bridge_url ) {
		if ( '' !== $bridge_url ) {
			wp_enqueue_script_module( 'bitpay-checkout-element', $bridge_url . '/bitpay/checkout.js', array(), null );
		}
	}

	/**
	 * Refunds through the bridge to BitPay's refund API (full or partial; one refund per invoice, as BitPay
	 * allows). BitPay then e-mails the buyer for a refund address; the bridge notes the outcome on the order.
	 *
	 * @param int        $order_id Order id.
	 * @param float|null $amount   Amount.
	 * @param string     $reason   Reason.
	 * @return bool|WP_Error
	 */
	public function process_refund( $order_id, $amount = null, $reason = '' ) {
		$order = wc_get_order( $order_id );
		if ( ! $order || self::ID !== $order->get_payment_method() ) {
			return new WP_Error( 'bitpay_checkout_refund', __( 'This order was not paid with BitPay.', 'bitpay-checkout-for-woocommerce' ) );
		}
		if ( null === $amount || (float) $amount <= 0 ) {
			return new WP_Error( 'bitpay_checkout_refund', __( 'Enter the amount to refund.', 'bitpay-checkout-for-woocommerce' ) );
		}
		$value  = wc_format_decimal( $amount, wc_get_price_decimals() );
		$answer = $this->bridge()->post(
			'/woo/v1/refunds',
			array(
				'orderId' => $order->get_id(),
				'amount'  => $value,
				'reason'  => (string) $reason,
			)
		);
		if ( is_wp_error( $answer ) ) {
			self::log( 'error', sprintf( 'Order %d: refund of %s refused: %s', $order->get_id(), $value, $answer->get_error_message() ) );
			$order->add_order_note(
				/* translators: 1: amount, 2: why */
				sprintf( __( 'BitPay refund of %1$s failed: %2$s', 'bitpay-checkout-for-woocommerce' ), wc_price( $value, array( 'currency' => $order->get_currency() ) ), $answer->get_error_message() )
			);
			return $answer;
		}
		$order->add_order_note(
			sprintf(
				/* translators: 1: amount, 2: BitPay refund id, 3: refund status */
				__( 'BitPay refund of %1$s requested (refund %2$s, %3$s). BitPay e-mails the buyer to collect a refund address.', 'bitpay-checkout-for-woocommerce' ),
				wc_price( $value, array( 'currency' => $order->get_currency() ) ),
				isset( $answer['refundId'] ) ? $answer['refundId'] : '?',
				isset( $answer['status'] ) ? $answer['status'] : '?'
			)
		);
		return true;
	}
}
