import { createHash, randomUUID } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT, type CryptoKey, type KeyObject } from "jose";
import { principalSchema } from "./principalSchema.js";
import { type Principal } from "../vocabulary/principal.js";
import type { ReplayStore } from "./replay.js";

/**
 * How a subgraph knows a request came from the gateway, for whom, and for which request.
 *
 * The gateway signs, for every subgraph fetch, a short-lived JWT (EdDSA) that carries the
 * verified principal, is addressed to that one subgraph (`aud`), is bound to that exact
 * operation and its variables (hashes), and has a unique `jti` that the subgraph accepts once.
 * A subgraph answers nothing without one: not `_entities`, not `_service`, not from localhost.
 * Identity headers are never trusted on their own; only what this assertion says counts.
 * Asymmetric keys mean a subgraph holds only the public key and can forge nothing.
 */
export const ASSERTION_HEADER = "x-srn-gateway-assertion";
export const ASSERTION_ISSUER = "urn:safe-referral-network:gateway";
export const ASSERTION_ALGORITHM = "EdDSA";
export const DEFAULT_ASSERTION_TTL_SECONDS = 30;

export const ASSERTION_ERROR_CODES = {
  ASSERTION_MISSING: "ASSERTION_MISSING",
  ASSERTION_INVALID: "ASSERTION_INVALID",
  ASSERTION_EXPIRED: "ASSERTION_EXPIRED",
  ASSERTION_WRONG_AUDIENCE: "ASSERTION_WRONG_AUDIENCE",
  ASSERTION_REQUEST_MISMATCH: "ASSERTION_REQUEST_MISMATCH",
  ASSERTION_REPLAYED: "ASSERTION_REPLAYED",
} as const;
export type AssertionErrorCode = keyof typeof ASSERTION_ERROR_CODES;

const MESSAGES: Record<AssertionErrorCode, string> = {
  ASSERTION_MISSING: "This service only answers requests signed by the gateway",
  ASSERTION_INVALID: "The gateway assertion is not valid",
  ASSERTION_EXPIRED: "The gateway assertion has expired",
  ASSERTION_WRONG_AUDIENCE: "The gateway assertion is addressed to another service",
  ASSERTION_REQUEST_MISMATCH: "The gateway assertion was signed for another request",
  ASSERTION_REPLAYED: "The gateway assertion was already used",
};

export class AssertionError extends Error {
  override name = "AssertionError";
  readonly status = 401;
  constructor(readonly code: AssertionErrorCode) {
    super(MESSAGES[code]);
  }
}

export interface SignedRequest {
  query: string;
  variables?: Record<string, unknown> | null;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("base64url");
}

// Both sides hash the variables as JSON.stringify writes them; JSON.parse keeps key order, so
// the subgraph's parse of the body gives back the exact string the gateway hashed.
function requestHashes(request: SignedRequest) {
  return { qh: sha256(request.query), vh: sha256(JSON.stringify(request.variables ?? {})) };
}

type SigningKey = CryptoKey | KeyObject;

export function createAssertionSigner(privateKey: SigningKey, ttlSeconds = DEFAULT_ASSERTION_TTL_SECONDS) {
  return {
    async sign(audience: string, principal: Principal, request: SignedRequest, requestId: string): Promise<string> {
      return new SignJWT({ prn: principal, rid: requestId, ...requestHashes(request) })
        .setProtectedHeader({ alg: ASSERTION_ALGORITHM, typ: "srn-assertion+jwt" })
        .setIssuer(ASSERTION_ISSUER)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .setJti(randomUUID())
        .sign(privateKey);
    },
  };
}
export type AssertionSigner = ReturnType<typeof createAssertionSigner>;

export interface VerifiedAssertion {
  principal: Principal;
  requestId: string;
}

export function createAssertionVerifier(options: { publicKey: SigningKey; audience: string; replay: ReplayStore; clockToleranceSeconds?: number }) {
  const tolerance = options.clockToleranceSeconds ?? 5;
  return {
    async verify(token: string | undefined, request: SignedRequest): Promise<VerifiedAssertion> {
      if (!token) throw new AssertionError("ASSERTION_MISSING");
      let payload;
      try {
        ({ payload } = await jwtVerify(token, options.publicKey, {
          issuer: ASSERTION_ISSUER,
          audience: options.audience,
          algorithms: [ASSERTION_ALGORITHM],
          typ: "srn-assertion+jwt",
          clockTolerance: tolerance,
          requiredClaims: ["exp", "iat", "jti", "aud"],
        }));
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) throw new AssertionError("ASSERTION_EXPIRED");
        if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === "aud") throw new AssertionError("ASSERTION_WRONG_AUDIENCE");
        throw new AssertionError("ASSERTION_INVALID");
      }
      const expected = requestHashes(request);
      if (payload.qh !== expected.qh || payload.vh !== expected.vh) throw new AssertionError("ASSERTION_REQUEST_MISMATCH");
      const principal = principalSchema.safeParse(payload.prn);
      if (!principal.success || typeof payload.rid !== "string") throw new AssertionError("ASSERTION_INVALID");
      // Checked last, so that a forged or mismatched token cannot burn a genuine jti.
      if (!(await options.replay.claim(payload.jti!, (payload.exp! + tolerance) * 1000))) throw new AssertionError("ASSERTION_REPLAYED");
      return { principal: principal.data, requestId: payload.rid };
    },
  };
}
export type AssertionVerifier = ReturnType<typeof createAssertionVerifier>;
