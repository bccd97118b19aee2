import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { DatabaseLocation } from "../../subgraphs/kit/database.js";
import { applyMigrations, readMigrations } from "../../subgraphs/kit/migrations.js";
import type { DatabaseClient, SubgraphDefinition } from "../../subgraphs/kit/subgraph.js";
import type { SubgraphName } from "../../vocabulary/subgraphs.js";
import { lawEnforcementSubgraph } from "../../subgraphs/law-enforcement/index.js";
import { legalAidSubgraph } from "../../subgraphs/legal-aid/index.js";
import { networkSubgraph } from "../../subgraphs/network/index.js";
import { sheltersSubgraph } from "../../subgraphs/shelters/index.js";
import { benchSurvivors, writeLawEnforcementBenchData, writeLegalAidBenchData, writeNetworkBenchData, writeSheltersBenchData, type BenchSurvivor } from "./benchData.js";

/** One in-memory PGlite database, migrated, seeded with the demo data and `write`, as a tarball to start a subgraph from. */
async function template<TDb extends DatabaseClient, TLoaders>(definition: SubgraphDefinition<TDb, TLoaders>, write: (db: TDb) => Promise<void>): Promise<Blob> {
  const pglite = await PGlite.create();
  try {
    await applyMigrations(
      { query: async (sql, params = []) => (await pglite.query(sql, params)).rows as never, exec: async (sql) => void (await pglite.exec(sql)) },
      await readMigrations(definition.migrationsDir),
    );
    const db = definition.createClient(new PrismaPGlite(pglite));
    try {
      await definition.seedDemoData(db);
      await write(db);
    } finally {
      await db.$disconnect();
    }
    return await pglite.dumpDataDir("none");
  } finally {
    await pglite.close();
  }
}

/**
 * Fresh in-memory databases for the four subgraphs holding the demo data plus `survivorCount`
 * invented survivors (see benchData.ts). Each subgraph starts from its own copy; nothing is
 * written to disk.
 */
export async function createBenchDatabases(survivorCount: number): Promise<{ survivors: BenchSurvivor[]; locationFor: (name: SubgraphName) => DatabaseLocation }> {
  const survivors = benchSurvivors(survivorCount);
  const templates: Record<SubgraphName, Blob> = {
    network: await template(networkSubgraph, (db) => writeNetworkBenchData(db, survivors)),
    shelters: await template(sheltersSubgraph, (db) => writeSheltersBenchData(db, survivors)),
    "legal-aid": await template(legalAidSubgraph, (db) => writeLegalAidBenchData(db, survivors)),
    "law-enforcement": await template(lawEnforcementSubgraph, (db) => writeLawEnforcementBenchData(db, survivors)),
  };
  return { survivors, locationFor: (name) => ({ kind: "embedded", dataDir: null, template: templates[name] }) };
}
