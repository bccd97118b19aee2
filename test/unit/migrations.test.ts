import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations, MigrationError, type MigrationFile, type SqlSession } from "../../subgraphs/kit/migrations.js";

let db: PGlite;
let session: SqlSession;

beforeEach(async () => {
  db = await PGlite.create();
  session = {
    query: async (sql, params) => (await db.query(sql, params)).rows as never,
    exec: async (sql) => void (await db.exec(sql)),
  };
});

afterEach(async () => {
  await db.close();
});

const migration = (name: string, sql: string, checksum = `sum-${name}`): MigrationFile => ({ name, sql, checksum });

async function tables(): Promise<string[]> {
  const rows = await db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
  return rows.rows.map((r) => r.table_name);
}

describe("applyMigrations", () => {
  it("applies pending migrations in order and records them as Prisma does", async () => {
    const applied = await applyMigrations(session, [migration("20260101000000_a", "CREATE TABLE a (id int);"), migration("20260102000000_b", "CREATE TABLE b (id int);")]);
    expect(applied).toEqual(["20260101000000_a", "20260102000000_b"]);
    expect(await tables()).toEqual(["_prisma_migrations", "a", "b"]);
    const recorded = await db.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`,
    );
    expect(recorded.rows).toEqual([
      { migration_name: "20260101000000_a", checksum: "sum-20260101000000_a" },
      { migration_name: "20260102000000_b", checksum: "sum-20260102000000_b" },
    ]);
  });

  it("applies nothing the second time", async () => {
    const all = [migration("20260101000000_a", "CREATE TABLE a (id int);")];
    await applyMigrations(session, all);
    expect(await applyMigrations(session, all)).toEqual([]);
  });

  it("rolls a failing migration back whole and names it", async () => {
    await expect(applyMigrations(session, [migration("20260101000000_bad", "CREATE TABLE half (id int); CREATE TABLE half (id int);")])).rejects.toThrow(
      new MigrationError('migration 20260101000000_bad failed: relation "half" already exists'),
    );
    expect(await tables()).toEqual(["_prisma_migrations"]);
  });

  it("refuses a migration edited after it was applied", async () => {
    await applyMigrations(session, [migration("20260101000000_a", "CREATE TABLE a (id int);", "one")]);
    await expect(applyMigrations(session, [migration("20260101000000_a", "CREATE TABLE a (id bigint);", "two")])).rejects.toThrow(
      "migration 20260101000000_a was changed after it was applied; add a new migration instead",
    );
  });
});

describe("a file-backed embedded database", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "srn-pglite-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps its data across a restart", async () => {
    const dataDir = path.join(dir, "nested", "network");
    const { openDatabase } = await import("../../subgraphs/kit/database.js");
    const migrationsDir = path.resolve(import.meta.dirname, "../../prisma/network/migrations");
    const first = await openDatabase({ kind: "embedded", dataDir }, migrationsDir);
    expect(first.appliedMigrations.length).toBeGreaterThan(0);
    const { createNetworkClient } = await import("../../subgraphs/network/db.js");
    const { seedNetwork } = await import("../../subgraphs/network/seed.js");
    const client = createNetworkClient(first.adapter);
    await seedNetwork(client);
    await client.$disconnect();
    await first.close();

    const second = await openDatabase({ kind: "embedded", dataDir }, migrationsDir);
    expect(second.appliedMigrations).toEqual([]);
    const again = createNetworkClient(second.adapter);
    // Seeding again inserts nothing twice.
    await seedNetwork(again);
    expect(await again.organization.count()).toBe(7);
    expect(await again.survivor.count()).toBe(5);
    expect(await again.member.count()).toBe(12);
    await again.$disconnect();
    await second.close();
  });

  it("takes enum-array parameters in the process that created the enums", async () => {
    // PGlite learns array types when it opens; the enums' array types did not exist yet then.
    const { openDatabase } = await import("../../subgraphs/kit/database.js");
    const migrationsDir = path.resolve(import.meta.dirname, "../../prisma/network/migrations");
    const database = await openDatabase({ kind: "embedded", dataDir: path.join(dir, "network") }, migrationsDir);
    expect(database.appliedMigrations.length).toBeGreaterThan(0);
    const { createNetworkClient } = await import("../../subgraphs/network/db.js");
    const { seedNetwork } = await import("../../subgraphs/network/seed.js");
    const client = createNetworkClient(database.adapter);
    await seedNetwork(client);
    expect(await client.member.count({ where: { roles: { has: "ORG_ADMIN" } } })).toBe(6);
    expect(await client.member.count({ where: { roles: { hasSome: ["ORG_ADMIN", "NETWORK_STEWARD"] } } })).toBe(7);
    await client.$disconnect();
    await database.close();
  });
});
