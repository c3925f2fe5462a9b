import { unsafeCSS } from 'lit';

// Tokens are private (--_x) and read from public --bitpay-* properties, so a host page themes the
// element without reaching into it (--_a accent, --_m muted, --_l lines, --_t the state's tone).
// light-dark() picks by color-scheme: for theme="auto" the page's own (inherited, so a light shop
// on a dark system gets a light card), forced by theme="light" / theme="dark"; one declaration
// per token keeps the bundle small.
// A constant with no interpolation, so Lit's `css` tag (which checks interpolated values) is not
// needed: unsafeCSS takes the text as is and keeps that check out of the bundle.
// Currency pills hide the radio: the pill shows both states, selected (accent border and tint) and
// keyboard focus (an outline around it), distinct from each other. Wider cards (the container
// query) put the QR beside status, amount and actions; it comes last in the DOM, in the right column.
// A long currency name wraps in its pill rather than being cut (an ellipsis in RTL cuts its start).
export const checkoutStyles = unsafeCSS(/* css */ `
:host { --_bg: var(--bitpay-background, light-dark(#fff, #141a2e)); --_fg: var(--bitpay-foreground, light-dark(#1a1f36, #f2f4fa)); --_m: var(--bitpay-muted, light-dark(#4f566b, #b7c0d8)); --_l: var(--bitpay-border-color, light-dark(#c9cfdd, #3a4463)); --_a: var(--bitpay-accent, light-dark(#1a3bb3, #9db1ff)); --_oa: var(--bitpay-on-accent, light-dark(#fff, #0b1024)); --_s: var(--bitpay-surface, light-dark(#f4f6fb, #1e2640)); --_ok: var(--bitpay-success, light-dark(#0c6b36, #6ad89c)); --_warn: var(--bitpay-warning, light-dark(#7a4a00, #ffc766)); --_bad: var(--bitpay-error, light-dark(#a8231b, #ff9c92)); --_r: var(--bitpay-radius, 12px); display: block; max-width: var(--bitpay-max-width, 46rem); container-type: inline-size; color: var(--_fg); font: var(--bitpay-font, 1rem/1.45 system-ui, sans-serif) }
:host([theme=light]) { color-scheme: light }
:host([theme=dark]) { color-scheme: dark }
.card { --_t: var(--_a); display: grid; gap: 1rem; padding: 1.2rem; background: var(--_bg); border: 1px solid var(--_l); border-radius: var(--_r) }
.success { --_t: var(--_ok) }
.warning { --_t: var(--_warn) }
.error { --_t: var(--_bad) }
dialog { padding: 0; border: 0; background: none; color: inherit; width: min(100% - 2rem, var(--bitpay-max-width, 46rem)); max-height: calc(100dvh - 2rem); overflow: auto; container-type: inline-size }
dialog::backdrop { background: #0a0e1e99 }
header,.actions,fieldset { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem }
header div { flex: 1 }
h2,p,fieldset,figure { margin: 0; padding: 0; border: 0 }
h2 { font-size: 1.2rem }
.muted,small,legend { color: var(--_m) }
.status { padding-inline-start: 0.75rem; border-inline-start: 4px solid var(--_t) }
label,button,.button { display: inline-flex; align-items: center; gap: 0.35rem; min-height: 2.5rem; padding: 0 1rem; font: inherit; font-weight: 600; text-decoration: none; color: var(--_a); background: none; border: 1px solid var(--_a); border-radius: 2rem; cursor: pointer }
fieldset { display: grid; grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr)) }
legend { padding: 0 0 0.35rem }
.pill { position: relative; display: grid; align-self: stretch; align-content: center; gap: 0; padding: 0.3rem 0.8rem; color: inherit; border: 1px solid var(--_l); border-radius: 0.6rem; font-weight: 400; line-height: 1.2 }
.pill input { position: absolute; opacity: 0; pointer-events: none }
.pill:has(:checked) { border-color: var(--_a); box-shadow: inset 0 0 0 1px var(--_a); background: var(--_s) }
.pill:has(:focus-visible) { outline: 3px solid var(--bitpay-focus-ring, var(--_a)); outline-offset: 2px }
details { display: contents }
summary { cursor: pointer; color: var(--_a); font-weight: 600; align-self: center; padding: 0.5rem }
.top { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: start; gap: 0.5rem }
.top .status { flex: 1 1 12rem }
.row { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem }
.wide { justify-content: center }
[part=reference] small { display: block }
.link { user-select: all; overflow-wrap: anywhere; font-family: ui-monospace, monospace; font-size: 0.85rem }
@container (min-width: 38rem) {
  .payable { grid-template-columns: 1fr auto }
  .payable > * { grid-column: 1 }
  .payable > header { grid-column: 1 / -1 }
  .payable > figure { grid-column: 2; grid-row: 2 / span 4; align-self: start }
}
.primary { color: var(--_oa); background: var(--_a) }
:focus-visible { outline: 3px solid var(--bitpay-focus-ring, var(--_a)); outline-offset: 2px }
a { color: var(--_a) }
.amount { display: grid; padding: 0.75rem; background: var(--_s); border: 1px solid var(--_l); border-radius: var(--_r) }
strong,.notice { font-weight: 600; font-variant-numeric: tabular-nums; overflow-wrap: anywhere }
.amount strong { font-size: 1.35rem }
figure { display: grid; justify-items: center }
img,svg { width: 13rem; height: 13rem; padding: 0.5rem; background: #fff; border-radius: 8px }
.late strong { color: var(--_bad) }
progress { width: 100%; accent-color: var(--_ok) }
.notice { min-height: 1.5em }
`);
