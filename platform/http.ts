import { randomUUID } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import type { Logger } from "./logger.js";
import { runInRequestScope } from "./requestScope.js";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** An error that carries its own HTTP status and stable code, e.g. authentication failures. */
export interface CodedError {
  status: number;
  code: string;
  message: string;
  /** Extra response headers, e.g. Retry-After. */
  headers?: Record<string, string>;
}

export function isCodedError(error: unknown): error is CodedError {
  return error instanceof Error && typeof (error as Partial<CodedError>).status === "number" && typeof (error as Partial<CodedError>).code === "string";
}

export interface GraphQLHttpOptions<TContext extends BaseContext, TAuth> {
  apollo: ApolloServer<TContext>;
  /**
   * Runs before GraphQL sees the request, with the parsed body; what it returns is handed to
   * `context`. A thrown CodedError becomes that status with a GraphQL-shaped error body.
   */
  authenticate: (req: IncomingMessage, body: unknown, url: URL, requestId: string) => Promise<TAuth>;
  context: (req: IncomingMessage, requestId: string, auth: TAuth) => Promise<TContext>;
  logger: Logger;
  /** Plain HTTP routes (health, readiness) matched on the exact path, any method. */
  routes?: Record<string, RouteHandler>;
  graphqlPath?: string;
  maxBodyBytes?: number;
  /** Past this, the client gets 503 REQUEST_TIMEOUT instead of waiting on. */
  requestTimeoutMs?: number;
  /** Extra headers on every response (security headers). */
  responseHeaders?: Record<string, string>;
}

/**
 * For a GraphQL API that serves no HTML: nothing may be
 * framed, sniffed, referred or cached. Every GraphQL answer may carry survivor data, so none is
 * cacheable by anyone, whatever a subgraph's cache hints say.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "cross-origin-resource-policy": "same-origin",
  "cache-control": "no-store",
};

export const DEFAULT_MAX_BODY_BYTES = 1_000_000;

export class HttpError extends Error implements CodedError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Node http adapter for Apollo Server: body limits, JSON parsing and our own small routes. */
export function createGraphQLHttpServer<TContext extends BaseContext, TAuth>(options: GraphQLHttpOptions<TContext, TAuth>): http.Server {
  const graphqlPath = options.graphqlPath ?? "/graphql";
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return http.createServer((req, res) => {
    const requestId = randomUUID();
    res.setHeader("x-request-id", requestId);
    for (const [name, value] of Object.entries(options.responseHeaders ?? {})) res.setHeader(name, value);
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = options.routes?.[url.pathname];
    // Once the request timed out, the work goes on but may no longer touch the response.
    let abandoned = false;

    const handle = async () => {
      if (route) return route(req, res);
      if (url.pathname !== graphqlPath) return sendJson(res, 404, { errors: [{ message: "Not found", extensions: { code: "NOT_FOUND" } }] });
      const body = await readBody(req, maxBodyBytes);
      const auth = await options.authenticate(req, body, url, requestId);
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
      }
      const response = await options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? "GET").toUpperCase(), headers, search: url.search, body },
        context: () => options.context(req, requestId, auth),
      });
      if (abandoned || res.headersSent) return;
      for (const [key, value] of response.headers) {
        // Our cache policy wins over Apollo's (which may follow subgraph cache hints).
        if (key === "cache-control" && options.responseHeaders?.["cache-control"]) continue;
        res.setHeader(key, value);
      }
      res.statusCode = response.status ?? 200;
      if (response.body.kind === "complete") {
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    };

    const fail = (error: unknown) => {
      if (abandoned) return;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (isCodedError(error)) {
        for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
        sendJson(res, error.status, { errors: [{ message: error.message, extensions: { code: error.code } }] });
        return;
      }
      options.logger.error({ err: error, requestId }, "unhandled HTTP error");
      sendJson(res, 500, { errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR", requestId } }] });
    };

    const timer = options.requestTimeoutMs
      ? setTimeout(() => {
          if (res.headersSent) return;
          fail(new HttpError(503, "REQUEST_TIMEOUT", "The request took too long and was abandoned"));
          abandoned = true;
          options.logger.warn({ requestId }, "request timed out");
        }, options.requestTimeoutMs)
      : undefined;
    runInRequestScope(requestId, handle)
      .catch(fail)
      .finally(() => clearTimeout(timer));
  });
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (req.method === "GET" || req.method === "HEAD") return undefined;
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > maxBytes) throw new HttpError(413, "PAYLOAD_TOO_LARGE", `Request body is larger than ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new HttpError(413, "PAYLOAD_TOO_LARGE", `Request body is larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  const contentType = req.headers["content-type"] ?? "";
  if (!/^application\/(graphql-response\+)?json\b/i.test(contentType)) return text;
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, "BAD_REQUEST", "Request body is not valid JSON");
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify(body));
}

/** Listens and resolves with the base URL (ephemeral port when `port` is 0). */
export async function listen(server: http.Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const printableHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${printableHost}:${address.port}`;
}

/**
 * Stops accepting, lets in-flight requests finish, then drops idle keep-alive sockets: each as soon
 * as it is idle, since a client that polls (the workers, every few milliseconds) keeps its socket
 * busy at any one moment and would otherwise hold the close for the whole grace.
 */
export async function closeServer(server: http.Server, graceMs = 10_000): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const idle = setInterval(() => server.closeIdleConnections(), 20);
  const force = setTimeout(() => server.closeAllConnections(), graceMs);
  force.unref();
  await closed;
  clearInterval(idle);
  clearTimeout(force);
}
