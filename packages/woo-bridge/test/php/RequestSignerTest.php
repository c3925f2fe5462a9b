<?php
use PHPUnit\Framework\TestCase;

/**
 * The plugin's server-to-server signature: over the timestamp and the raw body, in a five-minute window.
 */
final class RequestSignerTest extends TestCase {
	const SECRET = 'test-secret-0123456789abcdef0123456789';
	const NOW    = 1764000000;

	public function test_signs_timestamp_and_body() {
		$body = '{"orderId":1042}';
		$this->assertSame( 'v1=' . hash_hmac( 'sha256', self::NOW . '.' . $body, self::SECRET ), Bitpay_Checkout_Request_Signer::sign( self::SECRET, $body, self::NOW ) );
		$headers = Bitpay_Checkout_Request_Signer::headers( self::SECRET, $body, self::NOW );
		$this->assertSame( (string) self::NOW, $headers['X-BitPay-Checkout-Timestamp'] );
		$this->assertTrue( Bitpay_Checkout_Request_Signer::verify( self::SECRET, $body, $headers['X-BitPay-Checkout-Timestamp'], $headers['X-BitPay-Checkout-Signature'], self::NOW ) );
	}

	public function test_refuses_another_body_timestamp_or_secret() {
		$sig = Bitpay_Checkout_Request_Signer::sign( self::SECRET, '{"orderId":1}', self::NOW );
		$this->assertFalse( Bitpay_Checkout_Request_Signer::verify( self::SECRET, '{"orderId":2}', (string) self::NOW, $sig, self::NOW ) );
		$this->assertFalse( Bitpay_Checkout_Request_Signer::verify( self::SECRET, '{"orderId":1}', (string) ( self::NOW + 1 ), $sig, self::NOW ) );
		$this->assertFalse( Bitpay_Checkout_Request_Signer::verify( 'another-secret-0123456789abcdef', '{"orderId":1}', (string) self::NOW, $sig, self::NOW ) );
	}

	public function test_window_is_five_minutes_each_way() {
		$body = '{}';
		foreach ( array( -300 => true, 300 => true, -301 => false, 301 => false ) as $skew => $ok ) {
			$sig = Bitpay_Checkout_Request_Signer::sign( self::SECRET, $body, self::NOW + $skew );
			$this->assertSame( $ok, Bitpay_Checkout_Request_Signer::verify( self::SECRET, $body, (string) ( self::NOW + $skew ), $sig, self::NOW ), "skew $skew" );
		}
	}

	public function test_refuses_malformed_headers() {
		$this->assertFalse( Bitpay_Checkout_Request_Signer::verify( self::SECRET, '{}', '', 'v1=' . str_repeat( '0', 64 ), self::NOW ) );
		$this->assertFalse( Bitpay_Checkout_Request_Signer::verify( self::SECRET, '{}', (string) self::NOW, 'v1=zz', self::NOW ) );
		$this->assertFalse( Bitpay_Checkout_Request_Signer::verify( self::SECRET, '{}', (string) self::NOW, null, self::NOW ) );
	}
}
