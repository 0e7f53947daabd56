// Times quote verification by the npm dcap-qvl packages (the peers replicatoor is compared with)
// on one vector folder, the same way `replicatoor bench verify-quote` times itself: a time-based
// warm-up, then a time-based measuring loop; wall time (hrtime) and process CPU time.
// Follows the approach of shared/tools/peer-verify.mjs.
//
// usage: node peer-bench.mjs <vector-dir> [--seconds N] [--warmup-seconds N] [--json] [--with-js]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, 'package.json'));

const args = process.argv.slice(2);
const valued = new Set(['--seconds', '--warmup-seconds']);
let dir;
for (let i = 0; i < args.length; i++) {
  if (valued.has(args[i])) i++;
  else if (!args[i].startsWith('--') && dir === undefined) dir = args[i];
}
function opt(name, dflt) {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}
const seconds = opt('--seconds', 2);
const warmupSeconds = opt('--warmup-seconds', seconds);
const json = args.includes('--json');
const withJs = args.includes('--with-js');
if (!dir || !(seconds >= 0) || !(warmupSeconds >= 0)) {
  console.error('usage: node peer-bench.mjs <vector-dir> [--seconds N] [--warmup-seconds N] [--json] [--with-js]');
  process.exit(2);
}

const quote = fs.readFileSync(path.join(dir, 'quote.bin'));
const collateral = JSON.parse(fs.readFileSync(path.join(dir, 'collateral.json'), 'utf8'));
const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
const now = BigInt(expected.verify_at_unix);

function loop(f, budgetSeconds, min) {
  const budget = BigInt(Math.round(budgetSeconds * 1e9));
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let n = 0;
  let r;
  let elapsed;
  do {
    r = f();
    n++;
    elapsed = process.hrtime.bigint() - t0;
  } while (n < min || elapsed < budget);
  const cpu = process.cpuUsage(cpu0);
  return {
    iterations: n,
    ms_per_quote: Number(elapsed) / 1e6 / n,
    cpu_ms_per_quote: (cpu.user + cpu.system) / 1e3 / n,
    status: r.status,
    advisory_ids: r.advisory_ids ?? r.advisoryIds ?? [],
  };
}

function measure(name, f) {
  loop(f, warmupSeconds, 3);
  return { name, ...loop(f, seconds, 1) };
}

const results = [];
const wasm = require('@phala/dcap-qvl-web');
const wasmPath = require.resolve('@phala/dcap-qvl-web/dcap-qvl-web_bg.wasm');
wasm.initSync({ module: fs.readFileSync(wasmPath) });
try {
  results.push(measure('dcap-qvl-web', () => wasm.js_verify(quote, collateral, now)));
} catch (e) {
  // e.g. "Failed to decode quote" for v5 TD 1.5 quotes; reported, not timed.
  results.push({ name: 'dcap-qvl-web', error: String(e && e.message ? e.message : e) });
}
if (withJs) {
  const js = require('@phala/dcap-qvl');
  results.push(measure('dcap-qvl-js', () => js.verify(quote, collateral, Number(now))));
}

const versions = {
  node: process.version,
  '@phala/dcap-qvl-web': require('@phala/dcap-qvl-web/package.json').version,
};
if (withJs) versions['@phala/dcap-qvl'] = require('@phala/dcap-qvl/package.json').version;

if (json) {
  console.log(JSON.stringify({ vector: path.basename(path.resolve(dir)), seconds_per_phase: seconds, versions, results }));
} else {
  for (const r of results) {
    if (r.error) {
      console.log(`${r.name}: failed: ${r.error}`);
      continue;
    }
    console.log(`${r.name}: ${r.ms_per_quote.toFixed(3)} ms/quote (cpu ${r.cpu_ms_per_quote.toFixed(3)} ms/quote, ${r.iterations} iterations, status=${r.status})`);
  }
}
