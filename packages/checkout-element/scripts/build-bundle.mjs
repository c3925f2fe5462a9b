#!/usr/bin/env node
// Builds the script-tag bundle: dist/bundle/checkout.js, plus one module per locale under checkout/.
import { buildBundle, writeBundle } from './bundle-options.mjs';

const files = await buildBundle();
await writeBundle(files);
console.log(`checkout-element: built ${Object.keys(files).length} files into dist/bundle`);
