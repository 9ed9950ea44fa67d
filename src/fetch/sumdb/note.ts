// Signed notes (golang.org/x/mod/sumdb/note): a text, a blank line, and signature lines
// "— <name> <base64(4-byte key hash + Ed25519 signature)>". A verifier key is
// "<name>+<hex key hash>+<base64(algorithm byte + public key)>".

import { createHash, createPublicKey, verify } from "node:crypto";

export interface NoteVerifier {
  name: string;
  hash: number;
  verify(message: Buffer, signature: Buffer): boolean;
}

const algEd25519 = 1;
// DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32-byte key follows.
const ed25519SpkiPrefix = Buffer.from("302a300506032b6570032100", "hex");

function keyHash(name: string, key: Buffer): number {
  return createHash("sha256").update(name).update("\n").update(key).digest().readUInt32BE(0);
}

function isValidName(name: string): boolean {
  return name !== "" && !/[\s+]/.test(name) && /^[\x21-\x7e]+$/.test(name);
}

/** parseVerifierKey reads a verifier key such as sum.golang.org's. */
export function parseVerifierKey(vkey: string): NoteVerifier {
  const [name, hash16, key64] = [vkey.split("+")[0], vkey.split("+")[1] ?? "", vkey.split("+").slice(2).join("+")];
  const key = Buffer.from(key64, "base64");
  if (hash16.length !== 8 || !/^[0-9a-fA-F]{8}$/.test(hash16) || !isValidName(name) || key.length === 0 ||
    key.toString("base64") !== key64) {
    throw new Error("malformed verifier id");
  }
  const hash = parseInt(hash16, 16);
  if (hash !== keyHash(name, key)) throw new Error("invalid verifier hash");
  if (key[0] !== algEd25519 || key.length !== 33) throw new Error("unknown verifier algorithm");
  const publicKey = createPublicKey({ key: Buffer.concat([ed25519SpkiPrefix, key.subarray(1)]), format: "der", type: "spki" });
  return { name, hash, verify: (message, signature) => verify(null, message, publicKey, signature) };
}

export class NoteError extends Error {}

/** openNote checks a signed note and returns its text; it needs a valid signature by the verifier. */
export function openNote(msg: Buffer, verifier: NoteVerifier): string {
  const s = msg.toString("utf8");
  if (!Buffer.from(s, "utf8").equals(msg) || /[\x00-\x09\x0b-\x1f]/.test(s)) throw new NoteError("malformed note");
  const split = s.lastIndexOf("\n\n");
  if (split < 0) throw new NoteError("malformed note");
  const text = s.slice(0, split + 1);
  const sigs = s.slice(split + 2);
  if (sigs === "" || !sigs.endsWith("\n")) throw new NoteError("malformed note");
  let verified = false;
  for (const line of sigs.slice(0, -1).split("\n")) {
    if (!line.startsWith("\u2014 ")) throw new NoteError("malformed note");
    const [name, b64] = [line.slice(2, line.indexOf(" ", 2)), line.slice(line.indexOf(" ", 2) + 1)];
    const sig = Buffer.from(b64, "base64");
    if (!isValidName(name) || b64 === "" || sig.length < 5 || sig.toString("base64") !== b64) throw new NoteError("malformed note");
    if (name !== verifier.name || sig.readUInt32BE(0) !== verifier.hash) continue;
    if (!verifier.verify(Buffer.from(text, "utf8"), sig.subarray(4))) {
      throw new NoteError(`invalid signature for key ${name}+${verifier.hash.toString(16).padStart(8, "0")}`);
    }
    verified = true;
  }
  if (!verified) throw new NoteError("note has no verifiable signatures");
  return text;
}
