/**
 * JSON parsing that keeps every integer exact: integers beyond Number.MAX_SAFE_INTEGER become `bigint`
 * (ETH and ERC-20 amounts are in wei, ~1e19, and a plain JSON.parse rounds them). Everything else parses
 * exactly as JSON.parse would. Throws SyntaxError on malformed input.
 */
export function parseJsonLossless(text: string): unknown {
  let pos = 0;

  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at position ${pos}`);
  };
  const skipWs = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else return;
    }
  };

  const parseString = (): string => {
    // Let JSON.parse handle escapes: find the closing quote, then parse that slice.
    const start = pos;
    pos++;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (Number.isNaN(c)) fail('Unterminated string');
      if (c === 0x22) break;
      if (c === 0x5c) pos++;
      pos++;
    }
    pos++;
    return JSON.parse(text.slice(start, pos)) as string;
  };

  const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  const parseNumber = (): number | bigint => {
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (!m) return fail('Invalid number');
    pos = NUMBER.lastIndex;
    const literal = m[0];
    const n = Number(literal);
    if (m[1] === undefined && m[2] === undefined && !Number.isSafeInteger(n)) return BigInt(literal);
    return n;
  };

  const parseValue = (): unknown => {
    skipWs();
    const c = text[pos];
    switch (c) {
      case '{': {
        pos++;
        const obj: Record<string, unknown> = {};
        skipWs();
        if (text[pos] === '}') {
          pos++;
          return obj;
        }
        for (;;) {
          skipWs();
          if (text[pos] !== '"') fail('Expected a key');
          const key = parseString();
          skipWs();
          if (text[pos] !== ':') fail('Expected ":"');
          pos++;
          const value = parseValue();
          // defineProperty keeps "__proto__" an ordinary key, as JSON.parse does
          Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
          skipWs();
          if (text[pos] === ',') pos++;
          else if (text[pos] === '}') {
            pos++;
            return obj;
          } else fail('Expected "," or "}"');
        }
      }
      case '[': {
        pos++;
        const arr: unknown[] = [];
        skipWs();
        if (text[pos] === ']') {
          pos++;
          return arr;
        }
        for (;;) {
          arr.push(parseValue());
          skipWs();
          if (text[pos] === ',') pos++;
          else if (text[pos] === ']') {
            pos++;
            return arr;
          } else fail('Expected "," or "]"');
        }
      }
      case '"':
        return parseString();
      case 't':
        if (text.startsWith('true', pos)) {
          pos += 4;
          return true;
        }
        return fail('Unexpected token');
      case 'f':
        if (text.startsWith('false', pos)) {
          pos += 5;
          return false;
        }
        return fail('Unexpected token');
      case 'n':
        if (text.startsWith('null', pos)) {
          pos += 4;
          return null;
        }
        return fail('Unexpected token');
      default:
        return parseNumber();
    }
  };

  const value = parseValue();
  skipWs();
  if (pos !== text.length) fail('Unexpected data after JSON');
  return value;
}

const BIGINT_MARK = '\u0000bigint:';

/** JSON.stringify, except that `bigint` values are written as plain JSON integers (no quotes). */
export function stringifyJson(value: unknown): string {
  let sawBigint = false;
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') {
      sawBigint = true;
      return BIGINT_MARK + v.toString();
    }
    return v;
  });
  // JSON.stringify escapes U+0000 as \u0000, which no user string can produce unescaped
  return sawBigint ? json.replace(/"\\u0000bigint:(-?\d+)"/g, '$1') : json;
}
