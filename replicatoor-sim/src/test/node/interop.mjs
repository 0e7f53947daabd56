// Drives the official dstack JS SDK (@phala/dstack-sdk, pinned in package-lock.json) against the
// simulator's sockets and prints one JSON object with what the SDK returned.
// Usage: node interop.mjs DSTACK_SOCKET TAPPD_SOCKET REPORT_DATA_HEX KEY_PATH KEY_PURPOSE
import { DstackClient, TappdClient } from '@phala/dstack-sdk';

const [socket, tappdSocket, reportDataHex, keyPath, keyPurpose] = process.argv.slice(2);
const client = new DstackClient(socket);
const hex = (u8) => Buffer.from(u8).toString('hex');

const quote = await client.getQuote(Buffer.from(reportDataHex, 'hex'));
const key = await client.getKey(keyPath, keyPurpose);
const info = await client.info();
const version = await client.version();
const reachable = await client.isReachable();
const attest = await client.attest(Buffer.from(reportDataHex, 'hex'));
const tls = await client.getTlsKey({ subject: 'interop.local', altNames: ['interop.local'] });

const tappd = new TappdClient(tappdSocket);
const tappdQuote = await tappd.tdxQuote(Buffer.from(reportDataHex, 'hex'), 'raw');
// TappdClient.info() of SDK 0.5.8 posts /Info (the current path); isReachable() uses
// /prpc/Tappd.Info.
const tappdReachable = await tappd.isReachable();

process.stdout.write(JSON.stringify({
  quote: { quote: quote.quote, event_log: quote.event_log, report_data: quote.report_data,
           vm_config: quote.vm_config, sdk_replayed_rtmrs: quote.replayRtmrs() },
  key: { key: hex(key.key), signature_chain: key.signature_chain.map(hex) },
  info: { app_id: info.app_id, instance_id: info.instance_id, compose_hash: info.compose_hash,
          app_name: info.app_name, tcb_info: info.tcb_info },
  version,
  reachable,
  attest: { attestation: attest.attestation },
  tls: { key: tls.key, certificate_chain: tls.certificate_chain,
         key_der_len: tls.asUint8Array().length },
  tappd: { quote: tappdQuote.quote, event_log: tappdQuote.event_log,
           hash_algorithm: tappdQuote.hash_algorithm, reachable: tappdReachable },
}) + '\n');
