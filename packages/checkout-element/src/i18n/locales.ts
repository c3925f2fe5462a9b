/**
 * Every supported locale. Each has its own module under ./locales/ (English included), loaded only
 * when a page shows that language.
 */
export const SUPPORTED_LOCALES: readonly string[] = [
  'en',
  'af',
  'ar',
  'bg',
  'bn',
  'ca',
  'cs',
  'da',
  'de',
  'el',
  'es',
  'et',
  'eu',
  'fa',
  'fi',
  'fil',
  'fr',
  'gl',
  'he',
  'hi',
  'hr',
  'hu',
  'id',
  'is',
  'it',
  'ja',
  'ko',
  'lt',
  'lv',
  'mk',
  'ms',
  'nb',
  'nl',
  'pl',
  'pt',
  'ro',
  'ru',
  'sk',
  'sl',
  'sq',
  'sr',
  'sv',
  'sw',
  'th',
  'tr',
  'uk',
  'ur',
  'vi',
  'zh',
  'zh-TW',
];

/** Scripts written right to left. */
const RTL = ['ar', 'he', 'fa', 'ur'];

export function isRtl(locale: string): boolean {
  return RTL.includes(locale.split('-')[0]!.toLowerCase());
}

/**
 * The supported locale closest to the wanted tags, in order: by language (pt-BR → pt, no/nn → nb),
 * Chinese by script (zh-Hant, zh-TW, zh-HK, zh-MO → zh-TW), then English.
 */
export function matchLocale(wanted: readonly (string | null | undefined)[]): string {
  for (const tag of wanted) {
    const language = tag?.split(/[-_]/)[0]?.toLowerCase();
    if (language === 'zh') return /hant|tw|hk|mo/i.test(tag!) ? 'zh-TW' : 'zh';
    const match = language === 'no' || language === 'nn' ? 'nb' : language;
    if (match && SUPPORTED_LOCALES.includes(match)) return match;
  }
  return 'en';
}
