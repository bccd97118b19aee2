import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { postGraphQL, startTestNetwork, type GraphQLResponse, type TestNetwork } from "../support/network.js";
import { stringMatching } from "../support/matchers.js";

let network: TestNetwork;
let token: string;

beforeAll(async () => {
  network = await startTestNetwork();
  token = await network.issuer.tokenFor("harbor-caseworker", { expiresIn: 3600 });
});

afterAll(async () => {
  await network?.stop();
});

const auth = () => ({ authorization: `Bearer ${token}` });

async function raw(init: { method?: string; body?: string; headers?: Record<string, string>; search?: string }) {
  const response = await fetch(`${network.gateway.graphqlUrl}${init.search ?? ""}`, {
    method: init.method ?? "POST",
    headers: { ...auth(), ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await response.text();
  let body: GraphQLResponse["body"] | unknown[] | null;
  try {
    body = JSON.parse(text) as GraphQLResponse["body"];
  } catch {
    body = null;
  }
  return { status: response.status, headers: response.headers, body: body as GraphQLResponse["body"] };
}

/** After every hostile request the gateway must still answer a normal one correctly. */
async function expectHealthy() {
  const response = await postGraphQL<{ directory: { shelterPrograms: { totalCount: number } } }>(
    network.gateway.graphqlUrl,
    "{ directory { shelterPrograms { totalCount } } }",
    undefined,
    auth(),
  );
  expect(response.status).toBe(200);
  expect(response.body).toEqual({ data: { directory: { shelterPrograms: { totalCount: 4 } } } });
}

function nested(depth: number): string {
  let selection = "name";
  for (let i = 0; i < depth; i++) selection = i % 2 === 0 ? `organization { ${selection} }` : `shelterPrograms { ${selection} }`;
  return `query($id: ID!) { organization(id: $id) { shelterPrograms { ${selection} } } }`;
}

const codesOf = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => (body.errors ?? []).map((e) => e.extensions?.code);

describe("hostile operations are refused before planning, each with its own code", () => {
  const cases: [string, string, Record<string, unknown> | undefined, string][] = [
    ["deep nesting", nested(14), { id: DEMO_ORGS.harborLight }, ERROR_CODES.OPERATION_TOO_DEEP],
    ["an alias bomb", `{ directory { ${Array.from({ length: 40 }, (_, i) => `k${i}: key`).join(" ")} } }`, undefined, ERROR_CODES.TOO_MANY_ALIASES],
    ["too many root fields", `{ ${Array.from({ length: 11 }, (_, i) => `d${i}: directory { key }`).join(" ")} }`, undefined, ERROR_CODES.TOO_MANY_ROOT_FIELDS],
    ["a directive flood", `{ directory { key ${Array.from({ length: 30 }, () => "@include(if: true)").join(" ")} } }`, undefined, ERROR_CODES.TOO_MANY_DIRECTIVES],
    ["a token flood", `{ directory { key } ${" __typename".repeat(2_500)} }`, undefined, ERROR_CODES.TOO_MANY_TOKENS],
    [
      "huge nested lists (cost)",
      "{ directory { shelterPrograms(first: 100) { edges { node { organization { shelterPrograms { schedules { byDay opensAt } } } } } } } }",
      undefined,
      ERROR_CODES.OPERATION_TOO_COSTLY,
    ],
    [
      "huge lists through a variable page size (cost)",
      "query($n: Int) { directory { shelterPrograms(first: $n) { edges { node { organization { shelterPrograms { schedules { byDay } } } } } } } }",
      { n: 100 },
      ERROR_CODES.OPERATION_TOO_COSTLY,
    ],
    ["a fragment cycle", "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }", undefined, "GRAPHQL_VALIDATION_FAILED"],
    ["introspection in production mode", "{ __schema { types { name } } }", undefined, "GRAPHQL_VALIDATION_FAILED"],
    ["variables of the wrong type", "query($n: Int) { directory { shelterPrograms(first: $n) { totalCount } } }", { n: "many" }, "BAD_USER_INPUT"],
  ];

  it.each(cases)("%s → HTTP 400", async (_label, query, variables, code) => {
    const response = await postGraphQL(network.gateway.graphqlUrl, query, variables, auth());
    expect(response.status).toBe(400);
    expect(response.body.data ?? null).toBeNull();
    expect(codesOf(response.body)).toContain(code);
    await expectHealthy();
  });

  it("says what limit an operation passed, not that well-formed GraphQL has a syntax error", async () => {
    for (const query of [nested(14), `{ directory { ${Array.from({ length: 40 }, (_, i) => `k${i}: key`).join(" ")} } }`]) {
      const response = await postGraphQL(network.gateway.graphqlUrl, query, { id: DEMO_ORGS.harborLight }, auth());
      expect(response.status).toBe(400);
      const messages = (response.body.errors ?? []).map((e) => e.message);
      expect(messages.length).toBeGreaterThan(0);
      for (const message of messages) expect(message).not.toMatch(/^Syntax Error/);
    }
    const deep = await postGraphQL(network.gateway.graphqlUrl, nested(14), { id: DEMO_ORGS.harborLight }, auth());
    expect(deep.body.errors![0]!.message).toMatch(/^Query depth limit of \d+ exceeded, found \d+\.$/);
  });

  it("lets a modest page through the same cost rule", async () => {
    const response = await postGraphQL(
      network.gateway.graphqlUrl,
      "{ directory { shelterPrograms(first: 5) { edges { node { organization { shelterPrograms { schedules { byDay } } } } } } } }",
      undefined,
      auth(),
    );
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
  });

  it("gives no field suggestions (no map of the schema for probers)", async () => {
    const response = await postGraphQL(network.gateway.graphqlUrl, "{ directori { key } survivr { id } }", undefined, auth());
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).not.toMatch(/Did you mean/);
  });
});

describe("GraphQL over HTTP", () => {
  it("answers application/graphql-response+json when asked", async () => {
    const response = await raw({
      body: JSON.stringify({ query: "{ directory { key } }" }),
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/graphql-response\+json/);
  });

  it.each([
    ["malformed JSON", { body: '{"query": "{ directory', headers: { "content-type": "application/json" } }, 400, "BAD_REQUEST"],
    ["a missing query", { body: JSON.stringify({ variables: {} }), headers: { "content-type": "application/json" } }, 400, "BAD_REQUEST"],
    ["a query that does not parse", { body: JSON.stringify({ query: "{ directory {" }), headers: { "content-type": "application/json" } }, 400, "GRAPHQL_PARSE_FAILED"],
    [
      "a mutation over GET",
      { method: "GET", search: `?query=${encodeURIComponent('mutation { deactivateMember(id: "x") { id } }')}`, headers: { "apollo-require-preflight": "true" } },
      405,
      undefined,
    ],
    ["a text/plain body (CSRF)", { body: JSON.stringify({ query: "{ directory { key } }" }), headers: { "content-type": "text/plain" } }, 400, "BAD_REQUEST"],
    [
      "a body over the size limit",
      { body: JSON.stringify({ query: `{ directory { key } } #${"x".repeat(1_100_000)}` }), headers: { "content-type": "application/json" } },
      413,
      ERROR_CODES.PAYLOAD_TOO_LARGE,
    ],
    [
      "a batch while batching is off",
      { body: JSON.stringify([{ query: "{ directory { key } }" }, { query: "{ directory { key } }" }]), headers: { "content-type": "application/json" } },
      400,
      "BAD_REQUEST",
    ],
  ] as const)("refuses %s", async (_label, init, status, code) => {
    const response = await raw(init);
    expect(response.status).toBe(status);
    if (code) expect(codesOf(response.body)).toContain(code);
    await expectHealthy();
  });

  it("answers a query over GET", async () => {
    const response = await raw({
      method: "GET",
      search: `?query=${encodeURIComponent("{ directory { shelterPrograms { totalCount } } }")}`,
      headers: { "apollo-require-preflight": "true" },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { directory: { shelterPrograms: { totalCount: 4 } } } });
  });

  it("sends security headers and never lets a response be cached", async () => {
    const response = await raw({ body: JSON.stringify({ query: "{ directory { key } }" }), headers: { "content-type": "application/json" } });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("batched requests, when enabled", () => {
  let batching: TestNetwork;
  beforeAll(async () => {
    batching = await startTestNetwork({ gateway: { maxBatchOperations: 3 } });
  });
  afterAll(async () => {
    await batching?.stop();
  });

  const post = async (operations: number) => {
    const batchToken = await batching.issuer.tokenFor("harbor-caseworker");
    const response = await fetch(batching.gateway.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${batchToken}` },
      body: JSON.stringify(Array.from({ length: operations }, () => ({ query: "{ directory { shelterPrograms { totalCount } } }" }))),
    });
    return { status: response.status, body: await response.json() };
  };

  it("answers a batch within the bound, each operation under the same rules", async () => {
    const response = await post(3);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(Array.from({ length: 3 }, () => ({ data: { directory: { shelterPrograms: { totalCount: 4 } } } })));
  });

  it("counts a batch's operations together against the limits", async () => {
    const batchToken = await batching.issuer.tokenFor("harbor-caseworker");
    // Three operations of 6 aliases each: each within the limit of 15, together over it.
    const operation = { query: `{ directory { ${Array.from({ length: 6 }, (_, i) => `k${i}: key`).join(" ")} } }` };
    const response = await fetch(batching.gateway.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${batchToken}` },
      body: JSON.stringify([operation, operation, operation]),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [{ message: "The batch holds more than 15 aliases in all", extensions: { code: ERROR_CODES.TOO_MANY_ALIASES } }] });
  });

  it("refuses a batch over the bound (400 BATCH_TOO_LARGE)", async () => {
    const response = await post(4);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ message: "A batch may hold at most 3 operations", extensions: { code: ERROR_CODES.BATCH_TOO_LARGE } }] });
  });
});

describe("rate limits", () => {
  let limited: TestNetwork;
  beforeAll(async () => {
    limited = await startTestNetwork({ gateway: { rateLimits: { memberPerMinute: 3, clientPerMinute: 2, addressPerMinute: 1_000 } } });
  });
  afterAll(async () => {
    await limited?.stop();
  });

  it("limits each member, with a clear error and Retry-After, without touching other callers", async () => {
    const statuses: number[] = [];
    let last: GraphQLResponse | undefined;
    for (let i = 0; i < 4; i++) {
      last = await limited.query("{ directory { key } }", undefined, { as: "harbor-caseworker" });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last!.body).toEqual({ errors: [{ message: stringMatching(/^Too many requests; retry after \d+ s$/), extensions: { code: ERROR_CODES.RATE_LIMITED } }] });
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.query("{ directory { key } }", undefined, { as: "northstar-caseworker" })).status).toBe(200);
  });

  it("limits each partner-app client on its own budget", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await limited.query("{ directory { key } }", undefined, { as: "legal-app" })).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});
