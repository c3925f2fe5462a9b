// `pnpm analyze`: the Custom Elements Manifest (custom-elements.json, generated, not committed).
// The JSDoc header of BitpayCheckout (@event, @csspart, @cssproperty, @slot) is the public API; this
// plugin drops what the analyzer infers beyond it (internal state, event objects' own fields).
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/i18n/locales/**'],
  litelement: true,
  plugins: [
    {
      name: 'public-api-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const decl of mod.declarations ?? []) {
            if (!decl.customElement) continue;
            decl.attributes = decl.attributes?.filter((a) => !a.name.startsWith('_'));
            decl.events = decl.events?.filter((e) => e.name?.startsWith('bitpay-'));
            decl.members = decl.members?.filter((m) => !m.name.startsWith('_') && !m.name.startsWith('#'));
          }
        }
      },
    },
  ],
};
