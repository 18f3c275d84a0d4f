// Verifies an eddsa-jcs-2022 Data Integrity proof (course.credentials.proof) with WebCrypto.
"use strict";
const SETTINGS = JSON.parse(document.getElementById("settings").textContent);
const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

function b58decode(text) {
  let number = 0n;
  for (const char of text) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new Error("not base58: " + char);
    number = number * 58n + BigInt(index);
  }
  let hex = number === 0n ? "" : number.toString(16);
  if (hex.length % 2) hex = "0" + hex;
  const body = (hex.match(/../g) || []).map((h) => parseInt(h, 16));
  let zeros = 0;
  while (zeros < text.length && text[zeros] === "1") zeros++;
  return new Uint8Array([...new Array(zeros).fill(0), ...body]);
}

// RFC 8785 JSON Canonicalization Scheme: ECMAScript serialisation, keys in UTF-16 order.
function canonical(value) {
  if (value === null || typeof value === "boolean" || typeof value === "string") {
    return JSON.stringify(value);
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("not a finite number");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
  const keys = Object.keys(value).sort();
  return "{" + keys.map((k) => JSON.stringify(k) + ":" + canonical(value[k])).join(",") + "}";
}

async function sha256(text) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

async function verifyCredential(doc) {
  if (!doc || typeof doc !== "object" || !(doc.type || []).includes("OpenBadgeCredential")) {
    throw new Error("not an OpenBadgeCredential");
  }
  const proof = doc.proof;
  if (!proof || typeof proof !== "object") throw new Error("the credential has no proof");
  if (proof.type !== "DataIntegrityProof" || proof.cryptosuite !== "eddsa-jcs-2022") {
    throw new Error("unsupported proof");
  }
  if (proof.proofPurpose !== "assertionMethod") throw new Error("the proof's purpose is wrong");
  if (typeof proof.proofValue !== "string" || !proof.proofValue.startsWith("z")) {
    throw new Error("the proof value is not multibase base58btc");
  }
  const did = String(proof.verificationMethod || "").split("#")[0];
  if (!did.startsWith("did:key:z")) throw new Error("the signer is not a did:key");
  const raw = b58decode(did.slice("did:key:z".length));
  if (raw.length !== 34 || raw[0] !== 0xed || raw[1] !== 0x01) {
    throw new Error("the signer is not an Ed25519 key");
  }
  const unsecured = Object.assign({}, doc);
  delete unsecured.proof;
  const options = Object.assign({}, proof);
  delete options.proofValue;
  options["@context"] = unsecured["@context"] === undefined ? null : unsecured["@context"];
  const data = new Uint8Array(64);
  data.set(await sha256(canonical(options)), 0);
  data.set(await sha256(canonical(unsecured)), 32);
  const key = await crypto.subtle.importKey("raw", raw.slice(2), { name: "Ed25519" }, false,
                                            ["verify"]);
  const ok = await crypto.subtle.verify({ name: "Ed25519" }, key,
                                        b58decode(proof.proofValue.slice(1)), data);
  if (!ok) throw new Error("the signature does not match: the credential was altered or " +
                           "signed by another key");
  if (!doc.issuer || doc.issuer.id !== did) throw new Error("signed by a key other than the issuer's");
  if (SETTINGS.trustedIssuer && did !== SETTINGS.trustedIssuer) {
    throw new Error("validly signed, but not by this course's issuer key");
  }
  return doc;
}

function show(verified, text) {
  const box = document.getElementById("result");
  box.dataset.verified = String(verified);
  box.textContent = text;  // text only: nothing from a credential becomes markup
}

async function check(text) {
  try {
    const doc = await verifyCredential(JSON.parse(text));
    const subject = doc.credentialSubject || {};
    const name = ((subject.identifier || []).find((i) => i.identityType === "name") || {})
      .identityHash;
    show(true, "Verified: " + (subject.achievement || {}).name + " awarded to " + name +
         ", issued " + String(doc.validFrom).slice(0, 10) + ", valid until " +
         String(doc.validUntil).slice(0, 10) + ", signed by the " + SETTINGS.course +
         " issuer key.");
  } catch (error) {
    show(false, "Not verified: " + error.message);
  }
}

document.getElementById("check").addEventListener("click",
  () => check(document.getElementById("json").value));
document.getElementById("file").addEventListener("change", async (event) => {
  const [file] = event.target.files;
  if (file) check(await file.text());
});
const wanted = new URLSearchParams(location.search).get("credential");
if (wanted && /^[A-Za-z0-9-]+\.json$/.test(wanted)) {
  fetch(wanted).then((r) => (r.ok ? r.text() : Promise.reject(new Error("not found: " + wanted))))
    .then(check, (error) => show(false, "Not verified: " + error.message));
}
