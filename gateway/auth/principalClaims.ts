import type { JWTPayload } from "jose";
import { formatClaimPath, readClaim, type ClaimPath } from "./claimPath.js";
import { AUTH_ERROR_CODES, AuthError } from "./errors.js";

export const MAX_SUBJECT_LENGTH = 255;
export const MAX_ORGANIZATION_ID_LENGTH = 200;
export const MAX_ROLES = 20;
export const MAX_ROLE_LENGTH = 64;

export interface PrincipalClaims {
  subject: string;
  organizationId: string;
  /** Empty when the token carries no roles: the gateway then takes them from the member record. */
  roles: string[];
  tokenId?: string;
}

/**
 * Who the (already verified) token speaks for. Shapes are checked strictly and bounded: these
 * values key every policy decision downstream, so a claim of an unexpected type is a refusal,
 * never a guess.
 */
export function readPrincipalClaims(payload: JWTPayload, claims: { organizationClaim: ClaimPath; rolesClaim: ClaimPath }): PrincipalClaims {
  const invalid = (detail: string) => new AuthError(AUTH_ERROR_CODES.CLAIMS_INVALID, { detail });

  const subject = payload.sub;
  if (typeof subject !== "string" || subject.length === 0 || subject.length > MAX_SUBJECT_LENGTH) {
    throw invalid("sub claim missing or invalid");
  }

  const organizationId = readClaim(payload, claims.organizationClaim);
  if (typeof organizationId !== "string" || organizationId.length === 0 || organizationId.length > MAX_ORGANIZATION_ID_LENGTH) {
    throw invalid(`organisation claim (${formatClaimPath(claims.organizationClaim)}) missing or invalid`);
  }

  const rolesClaim = readClaim(payload, claims.rolesClaim);
  let roles: string[];
  if (rolesClaim === undefined) {
    roles = [];
  } else if (typeof rolesClaim === "string") {
    // OAuth `scope` style: one space-separated string.
    roles = rolesClaim.split(" ").filter((r) => r.length > 0);
  } else if (Array.isArray(rolesClaim) && rolesClaim.every((r) => typeof r === "string")) {
    roles = [...rolesClaim];
  } else {
    throw invalid(`roles claim (${formatClaimPath(claims.rolesClaim)}) is neither a string array nor a string`);
  }
  if (roles.length > MAX_ROLES || roles.some((r) => r.length === 0 || r.length > MAX_ROLE_LENGTH)) {
    throw invalid(`roles claim (${formatClaimPath(claims.rolesClaim)}) exceeds its bounds`);
  }

  const tokenId = payload.jti;
  if (tokenId !== undefined && (typeof tokenId !== "string" || tokenId.length === 0 || tokenId.length > MAX_SUBJECT_LENGTH)) {
    throw invalid("jti claim invalid");
  }
  return tokenId === undefined ? { subject, organizationId, roles } : { subject, organizationId, roles, tokenId };
}
