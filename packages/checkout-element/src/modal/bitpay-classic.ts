// Entry of dist/bundle/bitpay.js, a classic script: a drop-in for BitPay's `<script src=".../bitpay.js">`.
// Pages call `bitpay.showInvoice(id)` from inline classic code right after that tag, before any module
// could run, so `window.bitpay` is defined here at once and its calls are queued until checkout.js
// (the element, a module beside this file) has defined <bitpay-checkout>; they then run in order.
import { type BitpayModalApi, createBitpayModal } from './bitpay-global.js';

type Method = keyof BitpayModalApi;
const METHODS: Method[] = [
  'showInvoice',
  'onModalWillEnter',
  'onModalWillLeave',
  'enableTestMode',
  'setApiUrlPrefix',
  'showFrame',
  'hideFrame',
];

if (window.bitpay) {
  console.warn('bitpay.js: window.bitpay is already defined; this copy does nothing.');
} else {
  const script = document.currentScript as HTMLScriptElement | null;
  // The adapter serves this file at {mount}/bitpay.js, beside {mount}/checkout.js.
  const base = new URL('.', script?.src || location.href);
  const mount = (base.origin === location.origin ? base.pathname : base.href).replace(/\/$/, '');
  const queue: [Method, unknown[]][] = [];
  let real: BitpayModalApi | undefined;
  const api = {} as Record<Method, (...args: unknown[]) => void>;
  for (const name of METHODS) {
    api[name] = (...args) => {
      if (real) (real[name] as (...a: unknown[]) => void)(...args);
      else queue.push([name, args]);
    };
  }
  window.bitpay = api as unknown as BitpayModalApi;
  import(new URL('checkout.js', base).href).then(
    () => {
      real = createBitpayModal(window, mount);
      for (const [name, args] of queue.splice(0)) (real[name] as (...a: unknown[]) => void)(...args);
    },
    (err) => console.error('bitpay.js: could not load checkout.js', err),
  );
}
