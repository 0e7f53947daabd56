// The official dstack JS SDK (@phala/dstack-sdk, pinned in package-lock.json) asks a socket for a
// key, as an app would; used by replicatoor-server's GuestSdkInteropTest against replicatoor's
// guest socket. Prints one JSON object: {key, signature_chain} (hex) or {error}.
// Usage: node getkey.mjs SOCKET KEY_PATH KEY_PURPOSE
import { DstackClient } from '@phala/dstack-sdk';

const [socket, keyPath, keyPurpose] = process.argv.slice(2);
const hex = (u8) => Buffer.from(u8).toString('hex');
try {
  const key = await new DstackClient(socket).getKey(keyPath, keyPurpose);
  process.stdout.write(JSON.stringify({
    key: hex(key.key), signature_chain: key.signature_chain.map(hex) }) + '\n');
} catch (e) {
  process.stdout.write(JSON.stringify({ error: String(e && e.message ? e.message : e) }) + '\n');
}
