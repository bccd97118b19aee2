import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type OpenDatabase } from "../../subgraphs/kit/database.js";
import { createNetworkClient, type NetworkDb } from "../../subgraphs/network/db.js";
import { appendToLedger, GENESIS_HASH, LEDGER_KINDS, verifyLedger } from "../../subgraphs/network/ledger/ledger.js";
import { createTestDatabases, databaseMode, type TestDatabases } from "../support/databases.js";

let databases: TestDatabases;
let database: OpenDatabase;
let db: NetworkDb;

beforeAll(async () => {
  databases = await createTestDatabases(["network"]);
  database = await openDatabase(databases.locationFor("network"), path.resolve(import.meta.dirname, "../../prisma/network/migrations"));
  db = createNetworkClient(database.adapter);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.close();
  await databases?.drop();
});

const entry = (n: number) => ({
  kind: LEDGER_KINDS.DISCLOSURE,
  actorId: "00000000-0000-4000-8000-000000000201",
  organizationId: "00000000-0000-4000-8000-000000000101",
  survivorId: "00000000-0000-4000-8000-000000000301",
  payload: { released: [{ record: `invented-record-${n}`, category: "CONTACT" }], denied: [] },
});

async function append(count: number) {
  for (let i = 0; i < count; i++) await db.$transaction((tx) => appendToLedger(tx, [entry(i)]));
}

// Tampering needs a database superuser who switches the append-only trigger off first.
async function asSuperuser(sql: string) {
  await db.$executeRawUnsafe("ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_append_only");
  try {
    await db.$executeRawUnsafe(sql);
  } finally {
    await db.$executeRawUnsafe("ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_append_only");
  }
}

describe(`disclosure ledger (${databaseMode})`, () => {
  it("starts empty and valid", async () => {
    expect(await verifyLedger(db)).toEqual({ ok: true, entries: 0, headSeq: 0n });
  });

  it("chains entries, serialises concurrent appends, checkpoints the head", async () => {
    await append(3);
    // Appends racing from many requests still form one chain without gaps or forks.
    await Promise.all(Array.from({ length: 12 }, (_, i) => db.$transaction((tx) => appendToLedger(tx, [entry(100 + i)]))));
    const rows = await db.ledgerEntry.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 15 }, (_, i) => BigInt(i + 1)));
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(await verifyLedger(db, 4)).toEqual({ ok: true, entries: 15, headSeq: 15n });
  });

  it("refuses UPDATE and DELETE", async () => {
    await expect(db.$executeRawUnsafe("UPDATE ledger_entry SET actor_id = 'someone-else' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe("DELETE FROM ledger_entry WHERE seq = 15")).rejects.toThrow(/append-only/);
  });

  it("names an edited entry", async () => {
    await asSuperuser(`UPDATE ledger_entry SET payload = '{"released": [], "denied": []}' WHERE seq = 7`);
    expect(await verifyLedger(db)).toEqual({ ok: false, entries: 6, firstBroken: 7n, reason: "entry 7 was altered" });
  });

  it("names a truncated tail, even when the remaining chain is consistent", async () => {
    // Start from a clean ledger for this case (the previous one left entry 7 edited).
    await asSuperuser("DELETE FROM ledger_entry");
    await db.ledgerHead.deleteMany();
    await append(10);
    await asSuperuser("DELETE FROM ledger_entry WHERE seq > 8");
    expect(await verifyLedger(db)).toEqual({ ok: false, entries: 8, firstBroken: 9n, reason: "entries 9 to 10 were removed (the checkpoint says 10)" });
  });
});
