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
      // The walk over every reference decides in the gateway, the same on either database: on
      // PostgreSQL only under `npm run test:long`, to keep `npm test` within its budget.
      exclude: process.env.TEST_LONG === "1" ? [] : ["test/security/hidden-survivor-walk.test.ts"],
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
