/**
 * The floors of the code and the arrows between them (README, "Layout"). `npm run deps` checks
 * them, and `npm test` runs it. Floors only look down:
 *
 *   1. vocabulary/          categories, purposes, roles, principal, organisation kinds, subgraph
 *                           names, error codes, demo ids — plain TypeScript, imports nothing
 *   2. policy/              the pure consent and existence rules — imports the vocabulary only
 *      platform/            the plumbing both servers use (logging, HTTP, Redis, keys, signed
 *                           assertions, environment settings) — the vocabulary and packages
 *   3. subgraphs/kit/       what every subgraph stands on      } never on each other
 *      gateway/             the gateway's request pipeline     }
 *      workers/             the relay and webhook delivery     } (the workers: floors 1–2 only)
 *   4. subgraphs/<name>/    a partner type: the kit, the policy, its own Prisma client
 *   5. processes            each `main.ts`, and launcher/ (the whole network in one process)
 *
 * `npm run deps` fails on any arrow these rules refuse.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "vocabulary-stands-alone",
      comment: "The vocabulary is the ground floor: plain TypeScript that imports nothing, neither the project's other floors nor a package.",
      severity: "error",
      from: { path: "^vocabulary/" },
      to: { pathNot: "^vocabulary/" },
    },
    {
      name: "policy-is-pure",
      comment: "The consent rule does no I/O and loads no framework: it imports the vocabulary and itself only.",
      severity: "error",
      from: { path: "^policy/" },
      to: { pathNot: "^(policy|vocabulary)/" },
    },
    {
      name: "platform-below-the-servers",
      comment: "The plumbing knows no server: it imports the vocabulary and packages, never the policy, the kit, a subgraph or the gateway.",
      severity: "error",
      from: { path: "^platform/" },
      to: { path: "^(policy|gateway|subgraphs|schema|prisma|test)/" },
    },
    {
      name: "kit-not-on-gateway",
      comment: "The subgraph kit and the gateway stand side by side on the vocabulary and the policy, never on each other.",
      severity: "error",
      from: { path: "^subgraphs/kit/" },
      to: { path: "^gateway/" },
    },
    {
      name: "gateway-not-on-kit",
      comment: "The gateway's pipeline does not stand on the subgraph kit: what both need belongs to a floor below them.",
      severity: "error",
      from: { path: "^gateway/" },
      to: { path: "^subgraphs/" },
    },
    {
      name: "nothing-below-on-workers",
      comment: "The workers (relay, webhook delivery) are a process's part of their own: no floor below, not the gateway nor a subgraph, imports them.",
      severity: "error",
      from: { pathNot: "^(workers|launcher|test)/" },
      to: { path: "^workers/" },
    },
    {
      name: "workers-over-http",
      comment:
        "The workers speak to the subgraphs over HTTP with signed system assertions (platform/systemClient.ts): they stand on the vocabulary, the policy and the platform, never on the gateway, the kit, a subgraph or a database client.",
      severity: "error",
      from: { path: "^workers/" },
      to: { path: "^(gateway|subgraphs|prisma|schema|launcher)/" },
    },
    {
      name: "kit-not-on-a-subgraph",
      comment: "The kit is what every subgraph stands on; it knows none of them.",
      severity: "error",
      from: { path: "^subgraphs/kit/" },
      to: { path: "^subgraphs/(?!kit/)|^prisma/" },
    },
    {
      name: "subgraph-alone",
      comment: "A subgraph imports the kit, the policy, the vocabulary and its own Prisma client: never another subgraph, another's database client, or the gateway.",
      severity: "error",
      from: { path: "^subgraphs/([^/]+)/", pathNot: "^subgraphs/kit/" },
      to: { path: "^gateway/|^subgraphs/(?!$1/|kit/)[^/]+/|^prisma/(?!$1/)[^/]+/" },
    },
    {
      name: "composer-on-top",
      comment:
        "schema/ composes the supergraph from the subgraphs' code and lints it: no part of the running network imports it (what a subgraph needs of the composed schema is written below, e.g. policy/queryableCategories.ts).",
      severity: "error",
      from: { path: "^(vocabulary|policy|platform|gateway|workers|subgraphs|launcher)/" },
      to: { path: "^schema/" },
    },
    {
      name: "processes-on-top",
      comment: "A process (a main.ts, the launcher) is the top floor: nothing below imports it (the tests may start the launcher's network).",
      severity: "error",
      from: { pathNot: "^launcher/|^test/" },
      to: { path: "(^|/)main\\.ts$|^launcher/" },
    },
    {
      name: "no-circles",
      comment: "A circle between modules makes a floor out of a knot.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "product-not-on-tests",
      comment: "Nothing of the product imports the tests.",
      severity: "error",
      from: { pathNot: "^test/" },
      to: { path: "^test/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules|(^|/)generated/" },
    exclude: { path: "(^|/)\\.data/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".js", ".mjs", ".cjs", ".json"] },
  },
};
