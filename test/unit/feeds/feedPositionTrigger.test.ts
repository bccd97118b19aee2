/**
 * Every database with a feed carries the same `feed_position_in_commit_order()` (README, "Event
 * feeds"), attached to its feed table: each database needs its own copy, and the copies must not
 * drift apart. The behaviour itself is tested in test/integration/feed-ordering.test.ts.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readMigrations } from "../../../subgraphs/kit/migrations.js";

const PRISMA = path.resolve(import.meta.dirname, "../../../prisma");
/** The tables read by position, per database. */
const FEEDS = { network: "referral_event", shelters: "outbox_message" } as const;

async function migrationSql(subgraph: string): Promise<string> {
  return (await readMigrations(path.join(PRISMA, subgraph, "migrations"))).map((m) => m.sql).join("\n");
}

const functionDefinition = (sql: string) => /CREATE FUNCTION feed_position_in_commit_order\(\)[\s\S]*?\$\$[\s\S]*?\$\$;/.exec(sql)?.[0];

describe("feed_position_in_commit_order", () => {
  it("is defined the same way in every database that has a feed", async () => {
    const definitions = await Promise.all(Object.keys(FEEDS).map(async (subgraph) => functionDefinition(await migrationSql(subgraph))));
    expect(definitions[0]).toContain("pg_advisory_xact_lock(72707372, TG_RELID::int4)");
    expect(new Set(definitions).size).toBe(1);
  });

  it.each(Object.entries(FEEDS))("runs before every insert into the %s feed (%s), once per statement", async (subgraph, table) => {
    expect(await migrationSql(subgraph)).toContain(
      `CREATE TRIGGER ${table}_position_in_commit_order BEFORE INSERT ON "${table}"\n  FOR EACH STATEMENT EXECUTE FUNCTION feed_position_in_commit_order();`,
    );
  });
});
