import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { Logger } from "../../platform/logger.js";
import { isCodedError, sendJson, type RouteHandler } from "../../platform/http.js";
import type { ClientCredentialsCheck } from "./clientCredentials.js";
import type { ClientTokenIssuer } from "./clientTokens.js";

/** The path of the client-credentials token endpoint. */
export const TOKEN_ENDPOINT_PATH = "/oauth/token";
/** A token request is a few short parameters; anything longer is refused unread. */
export const MAX_TOKEN_REQUEST_BYTES = 4_096;
const MAX_CLIENT_ID_LENGTH = 255;
const MAX_CLIENT_SECRET_LENGTH = 256;

/** RFC 6749 §5.2 error codes this endpoint answers with. */
export type TokenErrorCode = "invalid_request" | "invalid_client" | "unsupported_grant_type" | "temporarily_unavailable" | "server_error";

const DESCRIPTIONS: Record<TokenErrorCode, string> = {
  invalid_request: "The token request is malformed",
  // One answer for every failed client authentication (unknown id, wrong secret, revoked, none
  // given): which one it was would tell a prober which client ids exist.
  invalid_client: "Client authentication failed",
  unsupported_grant_type: "Only grant_type=client_credentials is supported",
  temporarily_unavailable: "The token endpoint cannot answer right now; try again later",
  server_error: "Internal error",
};

class TokenError extends Error {
  constructor(
    readonly code: TokenErrorCode,
    readonly status: number,
    readonly description: string = DESCRIPTIONS[code],
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

export interface TokenEndpointOptions {
  /** Spends one request of the address's budget; throws a CodedError (429) when it is spent. */
  consumeAddress(req: IncomingMessage): Promise<void>;
  verifyCredentials: ClientCredentialsCheck;
  issuer: ClientTokenIssuer;
  logger: Logger;
}

/**
 * `POST /oauth/token`: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4) for partner apps
 * whose secret the network keeps. The client authenticates with HTTP Basic (§2.3.1) or with
 * `client_id`/`client_secret` form fields, never both; the secret is checked by the network
 * subgraph against its hash, and the answer is a short-lived token of the gateway's own
 * (clientTokens.ts). Nothing here is cached (`cache-control: no-store`, `pragma: no-cache`).
 */
export function clientCredentialsTokenEndpoint(options: TokenEndpointOptions): RouteHandler {
  return async (req, res) => {
    res.setHeader("pragma", "no-cache");
    const requestId = String(res.getHeader("x-request-id") ?? randomUUID());
    try {
      // First, before any work: every request to this endpoint costs the caller's address.
      await rateLimited(() => options.consumeAddress(req));
      if (req.method !== "POST") throw new TokenError("invalid_request", 405, "Use POST", { allow: "POST" });
      const contentType = String(req.headers["content-type"] ?? "");
      if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType)) {
        throw new TokenError("invalid_request", 400, "The body must be application/x-www-form-urlencoded");
      }
      const form = readForm(await readSmallBody(req));
      const grantType = form.get("grant_type");
      if (grantType === undefined) throw new TokenError("invalid_request", 400, "grant_type is missing");
      if (grantType !== "client_credentials") throw new TokenError("unsupported_grant_type", 400);
      const credentials = readClientCredentials(req.headers.authorization, form);

      let record;
      try {
        record = await options.verifyCredentials(credentials.clientId, credentials.clientSecret, requestId);
      } catch (error) {
        options.logger.error({ err: error, requestId }, "client credentials could not be checked");
        throw new TokenError("temporarily_unavailable", 503);
      }
      if (!record) throw invalidClient();
      const issued = await options.issuer.issue({ clientId: credentials.clientId, organizationId: record.organizationId });
      options.logger.info({ requestId, apiClientId: record.id, organizationId: record.organizationId }, "client token issued");
      sendJson(res, 200, { access_token: issued.accessToken, token_type: "Bearer", expires_in: issued.expiresIn });
    } catch (error) {
      if (!(error instanceof TokenError)) {
        options.logger.error({ err: error, requestId }, "token endpoint failed");
        sendTokenError(res, new TokenError("server_error", 500));
        return;
      }
      sendTokenError(res, error);
    }
  };
}

function sendTokenError(res: ServerResponse, error: TokenError): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  sendJson(res, error.status, { error: error.code, error_description: error.description });
}

function invalidClient(): TokenError {
  // 401 with a Basic challenge, whichever way the client authenticated (RFC 6749 §5.2), so
  // that the two ways cannot be told apart either.
  return new TokenError("invalid_client", 401, DESCRIPTIONS.invalid_client, { "www-authenticate": 'Basic realm="safe-referral-network", charset="UTF-8"' });
}

async function rateLimited(consume: () => Promise<void>): Promise<void> {
  try {
    await consume();
  } catch (error) {
    if (isCodedError(error) && error.status === 429) {
      throw new TokenError("temporarily_unavailable", 429, error.message, error.headers ?? {});
    }
    throw error;
  }
}

async function readSmallBody(req: IncomingMessage): Promise<string> {
  const tooLarge = () => new TokenError("invalid_request", 413, `The body must be at most ${MAX_TOKEN_REQUEST_BYTES} bytes`);
  if (Number(req.headers["content-length"] ?? 0) > MAX_TOKEN_REQUEST_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_TOKEN_REQUEST_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The form's parameters; a parameter given twice is refused (RFC 6749 §3.2). */
function readForm(body: string): Map<string, string> {
  const form = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(body)) {
    if (form.has(name)) throw new TokenError("invalid_request", 400, `${name} is given more than once`);
    form.set(name, value);
  }
  return form;
}

function readClientCredentials(authorization: string | undefined, form: Map<string, string>): { clientId: string; clientSecret: string } {
  const inForm = form.has("client_id") || form.has("client_secret");
  let credentials: { clientId: string; clientSecret: string };
  if (authorization !== undefined) {
    // One way of authenticating per request (RFC 6749 §2.3).
    if (inForm) throw new TokenError("invalid_request", 400, "Authenticate with HTTP Basic or with client_id and client_secret, not both");
    credentials = readBasic(authorization);
  } else {
    const clientId = form.get("client_id");
    const clientSecret = form.get("client_secret");
    if (clientId === undefined || clientSecret === undefined) throw invalidClient();
    credentials = { clientId, clientSecret };
  }
  const { clientId, clientSecret } = credentials;
  if (clientId.length === 0 || clientId.length > MAX_CLIENT_ID_LENGTH || clientSecret.length === 0 || clientSecret.length > MAX_CLIENT_SECRET_LENGTH) {
    throw invalidClient();
  }
  return credentials;
}

/** `Basic base64(urlencode(id) ":" urlencode(secret))` (RFC 6749 §2.3.1). */
function readBasic(authorization: string): { clientId: string; clientSecret: string } {
  const match = /^Basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i.exec(authorization);
  if (!match) throw invalidClient();
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw invalidClient();
  try {
    const formDecode = (text: string) => decodeURIComponent(text.replace(/\+/g, " "));
    return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    throw invalidClient();
  }
}
