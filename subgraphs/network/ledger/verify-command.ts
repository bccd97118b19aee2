import "reflect-metadata";
import { readSubgraphConfig } from "../../kit/config.js";
import { openDatabase } from "../../kit/database.js";
import { createNetworkClient } from "../db.js";
import { networkSubgraph } from "../index.js";
import { verifyLedger } from "./ledger.js";

// `npm run ledger:verify`: walks the disclosure ledger of the network subgraph's database
// (NETWORK_DATABASE_URL, or the embedded one under DATA_DIR — stop `npm start` first: an
// embedded database has one user at a time). Exit 0 when intact; 1 naming the first broken entry.
const config = readSubgraphConfig("network");
const database = await openDatabase(config.database, networkSubgraph.migrationsDir);
const db = createNetworkClient(database.adapter);
try {
  const verdict = await verifyLedger(db);
  if (verdict.ok) {
    console.log(`Ledger intact: ${verdict.entries} ${verdict.entries === 1 ? "entry" : "entries"}, head at ${verdict.headSeq}.`);
  } else {
    console.error(`Ledger BROKEN at entry ${verdict.firstBroken}: ${verdict.reason} (${verdict.entries} entries verified before it).`);
    process.exitCode = 1;
  }
} finally {
  await db.$disconnect();
  await database.close();
}
