/**
 * useMembership: the verified token's subject as the network's live records know it now (a
 * member, or a partner-app client), active and of the organisation the token names; its roles from
 * the record (a token's roles can narrow them, never widen them) and the declared purpose
 * (gateway/principals/). The gateway's own tokens speak only for partner-app clients.
 *
 * Refuses with HTTP 401: PRINCIPAL_UNKNOWN, PRINCIPAL_INACTIVE, ORGANIZATION_MISMATCH; with HTTP 503
 * PRINCIPAL_UNAVAILABLE when membership cannot be checked (never let through).
 */
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { PrincipalError, type PrincipalResolver } from "../principals/principalResolver.js";
import { required, type CallerStep } from "./step.js";

export function useMembership(options: { principals: PrincipalResolver; clientTokenIssuer: string }): CallerStep {
  const { principals, clientTokenIssuer } = options;
  return async (state) => {
    const token = required(state.token, "the verified token");
    const principal = await principals.resolve(token, required(state.purpose, "the purpose"), state.requestId);
    // The gateway issues its own tokens to partner-app clients only: one that resolves to
    // anything else (a member whose subject somehow equals a client id) speaks for nobody.
    if (token.issuer === clientTokenIssuer && principal.kind !== "client") {
      throw new PrincipalError(ERROR_CODES.PRINCIPAL_UNKNOWN, 401, "The token's subject is not a member or client of the network");
    }
    state.principal = principal;
  };
}
