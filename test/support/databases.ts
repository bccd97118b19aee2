import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import type { DatabaseLocation } from "../../subgraphs/kit/database.js";
import type { SubgraphName } from "../../vocabulary/subgraphs.js";

/**
 * Tests run on embedded PGlite by default and on real PostgreSQL when TEST_DATABASE_URL names
 * a server (an admin connection: the suite creates one fresh database per subgraph and drops
 * it afterwards). `.ci/run` sets it, so CI exercises both.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
export const databaseMode: "postgres" | "embedded" = TEST_DATABASE_URL ? "postgres" : "embedded";

export interface TestDatabases {
  locationFor(name: SubgraphName): DatabaseLocation;
  /** Where to open the same database again after its subgraph stopped (a restart, or a direct look). */
  reopenLocationFor(name: SubgraphName): DatabaseLocation;
  drop(): Promise<void>;
}

/**
 * `persistent`: embedded databases kept in a folder rather than in memory, so that they survive
 * their subgraph being stopped (PostgreSQL databases always do).
 */
export async function createTestDatabases(names: readonly SubgraphName[], options: { persistent?: readonly SubgraphName[] } = {}): Promise<TestDatabases> {
  if (!TEST_DATABASE_URL) {
    const templates = inject("embeddedTemplates");
    const blobs = new Map<SubgraphName, Blob>();
    for (const name of names) blobs.set(name, new Blob([await readFile(templates[name]!)]));
    const folder = options.persistent?.length ? await mkdtemp(path.join(os.tmpdir(), "srn-test-")) : null;
    const dataDirOf = (name: SubgraphName) => (folder !== null && options.persistent?.includes(name) ? path.join(folder, name) : null);
    return {
      locationFor: (name) => ({ kind: "embedded", dataDir: dataDirOf(name), template: blobs.get(name)! }),
      reopenLocationFor: (name) => {
        const dataDir = dataDirOf(name);
        if (dataDir === null) throw new Error(`${name} is in memory: ask for it as persistent`);
        return { kind: "embedded", dataDir };
      },
      drop: async () => {
        if (folder !== null) await rm(folder, { recursive: true, force: true });
      },
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
  const locationFor = (name: SubgraphName): DatabaseLocation => {
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${databases.get(name)}`;
    return { kind: "postgres", url: url.toString() };
  };
  return {
    locationFor,
    reopenLocationFor: locationFor,
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
