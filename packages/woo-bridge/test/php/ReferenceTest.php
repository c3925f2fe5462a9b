<?php
use PHPUnit\Framework\TestCase;

/**
 * The order reference the element carries: only the shared secret makes one, for one order, until it expires.
 */
final class ReferenceTest extends TestCase {
	const SECRET = 'test-secret-0123456789abcdef0123456789';
	const NOW    = 1764000000;

	public function test_a_fresh_reference_names_its_order() {
		$ref   = Bitpay_Checkout_Reference::mint( self::SECRET, 1042, self::NOW + 3600 );
		$check = Bitpay_Checkout_Reference::verify( self::SECRET, $ref, self::NOW );
		$this->assertSame( array( 'order_id' => '1042', 'expires_at' => self::NOW + 3600 ), $check );
	}

	/** The same vector as the bridge's TypeScript test: both sides must agree byte for byte. */
	public function test_matches_the_bridge_format() {
		$this->assertSame(
			'wc1.1042.1764003600.' . rtrim( strtr( base64_encode( hash_hmac( 'sha256', 'bitpay-checkout/order-reference/v1:1042.1764003600', self::SECRET, true ) ), '+/', '-_' ), '=' ),
			Bitpay_Checkout_Reference::mint( self::SECRET, '1042', 1764003600 )
		);
	}

	public function test_refuses_another_order_id_with_the_same_signature() {
		$ref    = Bitpay_Checkout_Reference::mint( self::SECRET, 1042, self::NOW + 3600 );
		$forged = str_replace( 'wc1.1042.', 'wc1.1043.', $ref );
		$this->assertNull( Bitpay_Checkout_Reference::verify( self::SECRET, $forged, self::NOW ) );
	}

	public function test_refuses_an_extended_expiry() {
		$ref    = Bitpay_Checkout_Reference::mint( self::SECRET, 7, self::NOW + 60 );
		$forged = str_replace( '.' . ( self::NOW + 60 ) . '.', '.' . ( self::NOW + 999999 ) . '.', $ref );
		$this->assertNull( Bitpay_Checkout_Reference::verify( self::SECRET, $forged, self::NOW + 120 ) );
	}

	public function test_refuses_a_tampered_signature_and_another_secret() {
		$ref      = Bitpay_Checkout_Reference::mint( self::SECRET, 7, self::NOW + 60 );
		$last     = substr( $ref, -1 );
		$tampered = substr( $ref, 0, -1 ) . ( 'A' === $last ? 'B' : 'A' );
		$this->assertNull( Bitpay_Checkout_Reference::verify( self::SECRET, $tampered, self::NOW ) );
		$this->assertNull( Bitpay_Checkout_Reference::verify( 'another-secret-0123456789abcdef0123', $ref, self::NOW ) );
	}

	public function test_refuses_an_expired_reference() {
		$ref = Bitpay_Checkout_Reference::mint( self::SECRET, 7, self::NOW );
		$this->assertNull( Bitpay_Checkout_Reference::verify( self::SECRET, $ref, self::NOW ) );
		$this->assertNotNull( Bitpay_Checkout_Reference::verify( self::SECRET, $ref, self::NOW - 1 ) );
	}

	public function test_refuses_malformed_input() {
		foreach ( array( '', '1042', 'wc1.0.1.x', 'wc2.1.1.' . str_repeat( 'a', 43 ), array( 'wc1' ), null ) as $bad ) {
			$this->assertNull( Bitpay_Checkout_Reference::verify( self::SECRET, $bad, self::NOW ) );
		}
		$this->expectException( InvalidArgumentException::class );
		Bitpay_Checkout_Reference::mint( self::SECRET, '12; DROP', self::NOW );
	}

	public function test_a_stored_reference_is_reused_until_it_is_about_to_expire() {
		$ref = Bitpay_Checkout_Reference::mint( self::SECRET, 5, self::NOW + 7200 );
		$this->assertTrue( Bitpay_Checkout_Reference::is_usable( self::SECRET, $ref, 5, self::NOW ) );
		$this->assertFalse( Bitpay_Checkout_Reference::is_usable( self::SECRET, $ref, 6, self::NOW ) );
		$this->assertFalse( Bitpay_Checkout_Reference::is_usable( self::SECRET, $ref, 5, self::NOW + 7200 - 60 ) );
		$this->assertFalse( Bitpay_Checkout_Reference::is_usable( self::SECRET, '', 5, self::NOW ) );
	}
}
