import path from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

// Every suite runs on the embedded database (PGlite). When TEST_DATABASE_URL names a
// PostgreSQL server, the suites that need a database run a second time against it, so one
// `npm test` exercises both (this is what `.ci/run` does).
const postgresUrl = process.env.TEST_DATABASE_URL;

const shared = {
  globalSetup: ["test/support/globalSetup.ts"],
  setupFiles: ["test/support/setup.ts"],
  pool: "forks" as const,
  testTimeout: 30_000,
  hookTimeout: 120_000,
};

/**
 * Suites whose subject is decided in the gateway, the same whatever database is behind the
 * subgraphs: the walk over every reference to a hidden survivor, the hostile operations and HTTP
 * requests, live membership (caches and Redis revisions), tokens, and connections the process
 * opens. `npm test` runs them on the embedded database only, to keep within its budget; `npm run
 * test:long` on PostgreSQL too.
 */
const SAME_ON_EITHER_DATABASE = [
  "test/security/hidden-survivor-walk.test.ts",
  "test/security/hostile.test.ts",
  "test/security/membership.test.ts",
  "test/security/identity.test.ts",
  "test/security/no-phone-home.test.ts",
];

const projects: TestProjectInlineConfiguration[] = [
  {
    extends: true,
    test: { ...shared, name: "embedded", include: ["test/**/*.test.ts"], env: { TEST_DATABASE_URL: "" } },
  },
];
if (postgresUrl) {
  projects.push({
    extends: true,
    test: {
      ...shared,
      name: "postgres",
      include: ["test/integration/**/*.test.ts", "test/security/**/*.test.ts"],
      exclude: process.env.TEST_LONG === "1" ? [] : SAME_ON_EITHER_DATABASE,
      env: { TEST_DATABASE_URL: postgresUrl },
    },
  });
}

export default defineConfig({
  // This file lives in test/ so that the top level holds only what the users asked for.
  root: path.resolve(import.meta.dirname, ".."),
  resolve: {
    // One graphql module instance for type-graphql, Apollo and the tests: with two, a schema built by
    // type-graphql fails in graphql's own functions ("Cannot use GraphQLObjectType … from another
    // module or realm").
    alias: { graphql: "graphql/index.js" },
  },
  test: {
    exclude: ["test/bench/**", "node_modules/**"],
    maxWorkers: 2,
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" },
    projects,
  },
});
