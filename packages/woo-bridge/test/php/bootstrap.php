<?php
// The plugin's pure classes, without WordPress: they only guard against direct web access with ABSPATH.
define( 'ABSPATH', __DIR__ . '/' );
require_once __DIR__ . '/../../plugin/includes/class-bitpay-checkout-reference.php';
require_once __DIR__ . '/../../plugin/includes/class-bitpay-checkout-request-signer.php';
