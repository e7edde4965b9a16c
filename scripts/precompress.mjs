// Trunk post-build hook: a .gz and a .br beside every page, script, style sheet and module in
// dist/ (and the demo's answers), for static hosts that serve precompressed files (nginx gzip_static/brotli_static,
// Netlify, Cloudflare Pages, …). Runs after csp_hash.py, so index.html is compressed final.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = process.env.TRUNK_STAGING_DIR || 'dist';
for (const name of readdirSync(dir)) {
  if (!/\.(html|js|css|wasm|bin)$/.test(name)) continue;
  const body = readFileSync(join(dir, name));
  writeFileSync(join(dir, `${name}.gz`), gzipSync(body, { level: 9 }));
  writeFileSync(join(dir, `${name}.br`), brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  }));
}
