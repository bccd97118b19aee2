import { readFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import type { DatabaseLocation } from "../../subgraphs/kit/database.js";
import type { SubgraphName } from "../../subgraphs/kit/subgraph.js";

/**
 * Tests run on embedded PGlite by default and on real PostgreSQL when TEST_DATABASE_URL names
 * a server (an admin connection: the suite creates one fresh database per subgraph and drops
 * it afterwards). `.ci/run` sets it, so CI exercises both.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
export const databaseMode: "postgres" | "embedded" = TEST_DATABASE_URL ? "postgres" : "embedded";

export interface TestDatabases {
  locationFor(name: SubgraphName): DatabaseLocation;
  drop(): Promise<void>;
}

export async function createTestDatabases(names: readonly SubgraphName[]): Promise<TestDatabases> {
  if (!TEST_DATABASE_URL) {
    const templates = inject("embeddedTemplates");
    const blobs = new Map<SubgraphName, Blob>();
    for (const name of names) blobs.set(name, new Blob([await readFile(templates[name]!)]));
    return {
      locationFor: (name) => ({ kind: "embedded", dataDir: null, template: blobs.get(name)! }),
      drop: async () => undefined,
    };
  }
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  const suffix = `${process.pid}_${randomBytes(4).toString("hex")}`;
  const databases = new Map<SubgraphName, string>();
  try {
    for (const name of names) {
      const database = `srn_test_${name.replace(/-/g, "_")}_${suffix}`;
      await admin.query(`CREATE DATABASE "${database}"`);
      databases.set(name, database);
    }
  } finally {
    await admin.end();
  }
  return {
    locationFor(name) {
      const url = new URL(TEST_DATABASE_URL);
      url.pathname = `/${databases.get(name)}`;
      return { kind: "postgres", url: url.toString() };
    },
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        for (const database of databases.values()) await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
