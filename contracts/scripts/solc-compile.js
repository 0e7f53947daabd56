#!/usr/bin/env node
// Compiles every contracts/src/*.sol with the pinned solc-js (package-lock.json) and writes
// <Name>.abi (pretty JSON + "\n") and <Name>.bin (hex, no trailing newline) to <outDir>.
//
//   node scripts/solc-compile.js <srcDir> <outDir> [--verify <committedDir>]
//
// --verify compares the fresh output byte-for-byte with the committed ABI/BIN files and exits 2
// ("STALE: ...") on any difference, a missing file or an extra file.
// The storage layout of UpgradeOperator is asserted on every run (upgrade-governance.md 3.5 #7),
// because replicatoor instances read slots 0, 1 and 2 by Merkle proof.
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const EXPECTED_VERSION = '0.8.28';
const EXPECTED_LAYOUT = {
  UpgradeOperator: [
    { label: 'activeAt', slot: '0', offset: 0, type: 't_mapping(t_bytes32,t_uint256)' },
    { label: 'stateKeyFingerprint', slot: '1', offset: 0, type: 't_bytes32' },
    { label: 'proposedIds', slot: '2', offset: 0, type: 't_array(t_bytes32)dyn_storage' },
  ],
};

function fail(code, msg) {
  process.stderr.write(msg + '\n');
  process.exit(code);
}

const args = process.argv.slice(2);
if (args.length !== 2 && !(args.length === 4 && args[2] === '--verify')) {
  fail(64, 'usage: solc-compile.js <srcDir> <outDir> [--verify <committedDir>]');
}
const [srcDir, outDir] = args;
const verifyDir = args.length === 4 ? args[3] : null;

if (!solc.version().startsWith(EXPECTED_VERSION + '+')) {
  fail(1, `solc ${solc.version()} is not the pinned ${EXPECTED_VERSION}; run npm ci`);
}

const sources = {};
for (const f of fs.readdirSync(srcDir).filter((n) => n.endsWith('.sol')).sort()) {
  sources[f] = { content: fs.readFileSync(path.join(srcDir, f), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    // No metadata hash: the BIN depends only on the code and these settings.
    metadata: { bytecodeHash: 'none', appendCBOR: false },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'storageLayout'] } },
  },
};
const out = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (out.errors || []).filter((e) => e.severity === 'error');
for (const e of out.errors || []) process.stderr.write(e.formattedMessage + '\n');
if (errors.length > 0) fail(1, `solc: ${errors.length} error(s)`);

fs.mkdirSync(outDir, { recursive: true });
const written = [];
for (const file of Object.keys(out.contracts).sort()) {
  for (const name of Object.keys(out.contracts[file]).sort()) {
    const c = out.contracts[file][name];
    const expected = EXPECTED_LAYOUT[name];
    if (expected) {
      const actual = c.storageLayout.storage.map((s) => ({
        label: s.label, slot: s.slot, offset: s.offset, type: s.type,
      }));
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        fail(3, `LAYOUT: ${name} storage layout changed: ${JSON.stringify(actual)}`);
      }
    }
    fs.writeFileSync(path.join(outDir, name + '.abi'), JSON.stringify(c.abi, null, 2) + '\n');
    fs.writeFileSync(path.join(outDir, name + '.bin'), c.evm.bytecode.object);
    written.push(name + '.abi', name + '.bin');
  }
}
process.stdout.write(`compiled ${written.length / 2} contract(s) with solc ${solc.version()} into ${outDir}\n`);

if (verifyDir) {
  const stale = [];
  for (const f of written) {
    const committed = path.join(verifyDir, f);
    if (!fs.existsSync(committed)) {
      stale.push(`${committed} is missing`);
    } else if (!fs.readFileSync(committed).equals(fs.readFileSync(path.join(outDir, f)))) {
      stale.push(`${committed} differs from a fresh compile`);
    }
  }
  for (const f of fs.readdirSync(verifyDir).filter((n) => /\.(abi|bin)$/.test(n))) {
    if (!written.includes(f)) stale.push(`${path.join(verifyDir, f)} has no source contract`);
  }
  if (stale.length > 0) {
    fail(2, stale.map((s) => 'STALE: ' + s).join('\n') + `\n(copy ${outDir}/*.abi|bin over them)`);
  }
  process.stdout.write(`verified: ${verifyDir} matches a fresh compile\n`);
}
