// esbuild plugin: collapses the whitespace of Lit's html`` and css`` templates (and of /* css */ `…`
// strings), which esbuild keeps verbatim. A small scanner finds template literals (with nested ${…}
// and strings), so only template text changes, never code.

/** Whitespace-only shrinking of one template text segment. */
function shrink(text, tag) {
  if (tag === 'css') {
    return text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .replace(/;}/g, '}')
      .replace(/([\s:,(])0\.(\d)/g, '$1.$2');
  }
  // HTML: a line break and its indentation carry no meaning between tags or attributes; nor does
  // space before a tag's `>`, or the `/` of `/>`, which HTML ignores on its elements (the templates
  // hold no SVG, where it would matter). `/>` goes first: `${x}/>` would put the `/` into an
  // unquoted attribute value.
  return text
    .replace(/>\s*\n\s*</g, '><')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\s*\/>/g, '>')
    .replace(/\s+>/g, '>');
}

/** Rewrites every html`…` / css`…` in a TypeScript source. */
export function minifyTemplates(src) {
  let out = '';
  let i = 0;
  const n = src.length;
  // Stack of contexts: 'code' (with brace depth) or a template tag name.
  const stack = [{ kind: 'code', depth: 0 }];
  let segStart = -1;
  let tag = null;
  while (i < n) {
    const top = stack[stack.length - 1];
    const c = src[i];
    if (top.kind === 'template') {
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (c === '`' || (c === '$' && src[i + 1] === '{')) {
        const text = src.slice(segStart, i);
        out += top.tag ? shrink(text, top.tag) : text;
        if (c === '`') {
          out += '`';
          stack.pop();
          i++;
        } else {
          out += '${';
          stack.push({ kind: 'code', depth: 0 });
          i += 2;
        }
        continue;
      }
      i++;
      continue;
    }
    // code
    if (c === '/' && src[i + 1] === '/') {
      const end = src.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      out += src.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      out += src.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < n && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '`') {
      // html`…` and css`…`, and plain `…` marked /* css */ (styles passed to unsafeCSS).
      const before = src.slice(Math.max(0, i - 12), i);
      const m = /(?:^|[^\w$.])(html|css)\s*$/.exec(before);
      tag = m ? m[1] : /\/\*\s*css\s*\*\/\s*$/.test(before) ? 'css' : null;
      stack.push({ kind: 'template', tag });
      out += '`';
      i++;
      segStart = i;
      continue;
    }
    if (c === '{') top.depth++;
    if (c === '}') {
      if (top.depth === 0 && stack.length > 1) {
        stack.pop();
        out += '}';
        i++;
        segStart = i;
        continue;
      }
      top.depth--;
    }
    out += c;
    i++;
  }
  return out;
}

/** @returns {import('esbuild').Plugin} */
export function minifyTemplatesPlugin() {
  return {
    name: 'minify-lit-templates',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
        const { readFile } = await import('node:fs/promises');
        const src = await readFile(args.path, 'utf8');
        return { contents: minifyTemplates(src), loader: 'ts' };
      });
    },
  };
}
