import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { applyMigrations, readMigrations, type SqlSession } from "./migrations.js";

export type DatabaseLocation =
  /** Real PostgreSQL. */
  | { kind: "postgres"; url: string }
  /**
   * Embedded PostgreSQL (PGlite) persisted in a folder, or in memory when `dataDir` is null.
   * `template`, a `dumpDataDir()` tarball, starts a fresh database from a copy instead of
   * running initdb (under a second instead of several).
   */
  | { kind: "embedded"; dataDir: string | null; template?: Blob };

export interface OpenDatabase {
  /** The driver adapter factory to hand to a generated PrismaClient. */
  adapter: SqlDriverAdapterFactory;
  /** Names of the migrations applied by this open (empty when the database was current). */
  appliedMigrations: string[];
  /** Cheap liveness probe for readiness endpoints. */
  ping(): Promise<void>;
  close(): Promise<void>;
  location: DatabaseLocation;
}

export async function openDatabase(location: DatabaseLocation, migrationsDir: string): Promise<OpenDatabase> {
  const migrations = await readMigrations(migrationsDir);
  if (location.kind === "postgres") {
    const client = new pg.Client({ connectionString: location.url });
    await client.connect();
    let applied: string[];
    try {
      applied = await applyMigrations(pgSession(client), migrations);
    } finally {
      await client.end();
    }
    const pool = new pg.Pool({ connectionString: location.url, max: 10 });
    // An idle connection that the server ends (restart, failover, an administrator) is reported
    // here; without a listener it would crash the process. The pool drops it and the next query
    // opens a new one; a query that fails still fails loudly on its own.
    pool.on("error", () => undefined);
    return {
      adapter: new PrismaPg(pool),
      appliedMigrations: applied,
      location,
      async ping() {
        await pool.query("SELECT 1");
      },
      close: () => pool.end(),
    };
  }

  if (location.dataDir) await mkdir(path.dirname(path.resolve(location.dataDir)), { recursive: true });
  const db = await PGlite.create({
    ...(location.dataDir ? { dataDir: location.dataDir } : {}),
    ...(location.template ? { loadDataDir: location.template } : {}),
  });
  const applied = await applyMigrations(pgliteSession(db), migrations);
  // PGlite learns the array types (OID → serializer) once, when it opens. Array types that
  // migrations created afterwards (every enum's `Name[]`) would be sent as `String(value)`,
  // "A,B" instead of "{A,B}": "malformed array literal" until the next start.
  if (applied.length > 0) await db.refreshArrayTypes();
  return {
    adapter: new PrismaPGlite(db),
    appliedMigrations: applied,
    location,
    async ping() {
      await db.query("SELECT 1");
    },
    close: () => db.close(),
  };
}

function pgSession(client: pg.Client): SqlSession {
  return {
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as Row[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

function pgliteSession(db: PGlite): SqlSession {
  return {
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await db.query<Row>(sql, params)).rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}
