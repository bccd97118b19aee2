import { writeFile } from "node:fs/promises";
import path from "node:path";
import { exportJWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthConfigError } from "../../../gateway/auth/config.js";
import { createTokenVerifier } from "../../../gateway/auth/verifyToken.js";
import { authConfig, b64url, makeKey, NOW, sign, tempDir, validClaims, writeJwksFile, type TestKey } from "./kit.js";

let ed: TestKey;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ed = await makeKey("EdDSA");
  ({ dir, remove: cleanup } = await tempDir());
});
afterAll(() => cleanup());

const build = (file: string) => () => createTokenVerifier(authConfig({ kind: "file", path: file }));
const refusal = (file: string, reason: string) => new AuthConfigError(`Invalid auth configuration: AUTH_JWKS_FILE: ${file} ${reason}`);

describe("the JWKS file (AUTH_JWKS_FILE)", () => {
  it("is read once, when the verifier is made: later changes to the file do not count", async () => {
    const file = await writeJwksFile(dir, "once.json", { keys: [ed.publicJwk] });
    const verifier = createTokenVerifier(authConfig({ kind: "file", path: file }), { now: () => NOW });
    await writeFile(file, "{}");
    await expect(verifier.verify(`Bearer ${await sign(ed, validClaims())}`)).resolves.toMatchObject({ subject: validClaims().sub });
  });

  it("refuses a symmetric (oct) key, even next to a good public key", async () => {
    const file = await writeJwksFile(dir, "oct.json", { keys: [ed.publicJwk, { kty: "oct", k: b64url("shared secret"), alg: "HS256" }] });
    expect(build(file)).toThrow(refusal(file, "key 1 is a symmetric (oct) key; only public keys are accepted"));
    expect(build(file)).toThrow(AuthConfigError);
  });

  it("refuses private key material", async () => {
    const privateJwk = await exportJWK(ed.privateKey);
    const file = await writeJwksFile(dir, "private.json", { keys: [{ ...privateJwk, kid: ed.kid }] });
    expect(build(file)).toThrow(refusal(file, 'key 0 contains private key material ("d"); only public keys are accepted'));
  });

  it("refuses an RSA private key by any of its private members", async () => {
    const rs = await makeKey("RS256");
    const file = await writeJwksFile(dir, "rsa-private.json", { keys: [{ ...rs.publicJwk, p: "AQAB" }] });
    expect(build(file)).toThrow(refusal(file, 'key 0 contains private key material ("p"); only public keys are accepted'));
  });

  it.each([
    ["not JSON", "{ keys: [", "is not JSON"],
    ["without a keys array", JSON.stringify({ key: { kty: "OKP", crv: "Ed25519", x: "AAAA" } }), 'is not a JWKS (an object with a "keys" array)'],
    ["with no keys", JSON.stringify({ keys: [] }), "holds no keys"],
    ["with a key that is not an object", JSON.stringify({ keys: ["x"] }), "key 0 is not a JWK object"],
    ["with an unknown key type", JSON.stringify({ keys: [{ kty: "XYZ" }] }), "key 0 has an unsupported key type"],
  ])("refuses a file %s", async (name, content, reason) => {
    const file = path.join(dir, `${name.replace(/\W+/g, "-")}.json`);
    await writeFile(file, content);
    expect(build(file)).toThrow(refusal(file, reason));
  });

  it("refuses a missing file", () => {
    const file = path.join(dir, "absent.json");
    expect(build(file)).toThrow(refusal(file, "cannot be read (ENOENT)"));
  });
});
