// Differential test peer: verifies a batch of quote/collateral mutants with @phala/dcap-qvl-web
// (pinned in package-lock.json) and writes one verdict per mutant as a JSON line.
//
// Usage: node dcap-qvl-verify.mjs BATCH_FILE OUT_FILE
//
// BATCH_FILE holds JSON lines, in this order:
//   {"base": ID, "quote": HEX, "collateral": {dcap-qvl QuoteCollateralV3 JSON object}}   (one per vector)
//   {"name": NAME, "base": ID, "at": UNIX_SECONDS, "patch": PATCH | null}               (one per mutant)
// PATCH = {"target": "quote" | COLLATERAL_FIELD, "drop": true}
//       | {"target": ..., "pre": N, "suf": M, "mid": HEX}
// A splice patch replaces everything between the first N and the last M bytes of the target (the
// raw quote bytes, or the UTF-8 bytes of a collateral string field) by MID.
//
// OUT_FILE gets {"name": NAME, "ok": true, "status": ...} or {"name": NAME, "ok": false,
// "crash": BOOL, "error": MESSAGE}. A WebAssembly trap (a Rust panic) counts as a crash; the module is
// then instantiated afresh so later verdicts do not depend on a poisoned instance.
import fs from 'node:fs';
import readline from 'node:readline';

const WEB = new URL('./node_modules/@phala/dcap-qvl-web/', import.meta.url);
// Compiled once: a crash costs only a fresh instantiation.
const WASM = new WebAssembly.Module(fs.readFileSync(new URL('dcap-qvl-web_bg.wasm', WEB)));
let generation = 0;

async function instantiate() {
  generation++;
  const mod = await import(new URL('dcap-qvl-web.js?instance=' + generation, WEB).href);
  mod.initSync({module: WASM});
  return mod;
}

function splice(base, patch) {
  const mid = Buffer.from(patch.mid, 'hex');
  const out = new Uint8Array(patch.pre + mid.length + patch.suf);
  out.set(base.subarray(0, patch.pre), 0);
  out.set(mid, patch.pre);
  out.set(base.subarray(base.length - patch.suf), patch.pre + mid.length);
  return out;
}

const [batchFile, outFile] = process.argv.slice(2);
if (!batchFile || !outFile) {
  console.error('usage: node dcap-qvl-verify.mjs BATCH_FILE OUT_FILE');
  process.exit(2);
}
let qvl = await instantiate();
const bases = new Map();
const out = fs.createWriteStream(outFile);
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', {fatal: true});
const lines = readline.createInterface({input: fs.createReadStream(batchFile), crlfDelay: Infinity});

for await (const line of lines) {
  if (line.length === 0) continue;
  const m = JSON.parse(line);
  if (m.base !== undefined && m.name === undefined) {
    bases.set(m.base, {quote: new Uint8Array(Buffer.from(m.quote, 'hex')), collateral: m.collateral});
    continue;
  }
  const base = bases.get(m.base);
  let quote = base.quote;
  let collateral = base.collateral;
  const p = m.patch;
  if (p) {
    if (p.target === 'quote') {
      quote = splice(quote, p);
    } else {
      collateral = {...collateral};
      if (p.drop) {
        delete collateral[p.target];
      } else {
        collateral[p.target] = fromUtf8.decode(splice(utf8.encode(collateral[p.target]), p));
      }
    }
  }
  let verdict;
  const started = process.hrtime.bigint();
  try {
    const r = qvl.js_verify(quote, collateral, BigInt(m.at));
    verdict = {name: m.name, ok: true, status: r.status};
  } catch (e) {
    const crash = e instanceof WebAssembly.RuntimeError;
    verdict = {name: m.name, ok: false, crash, error: String(e && e.message !== undefined ? e.message : e)};
    if (crash) {
      qvl = await instantiate();
    }
  }
  verdict.us = Number((process.hrtime.bigint() - started) / 1000n);
  if (!out.write(JSON.stringify(verdict) + '\n')) {
    await new Promise((resolve) => out.once('drain', resolve));
  }
}
await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
