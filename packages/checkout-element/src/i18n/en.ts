import type en from './locales/en.js';

// The English module (./locales/en.ts) is the source of truth for keys and plural keys; it is
// loaded lazily like every other locale, so the bundle carries no strings.
type Source = {
  [K in keyof typeof en]: (typeof en)[K] extends string ? string : { other: string };
};

/** A plural message: one string per Intl plural category the locale uses; `other` always. */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export type MessageKey = keyof Source;
export type PluralKey = { [K in MessageKey]: Source[K] extends string ? never : K }[MessageKey];
export type TextKey = Exclude<MessageKey, PluralKey>;

/** The shape every locale module exports as default. */
export type Messages = { [K in MessageKey]: Source[K] extends string ? string : PluralMessage };
