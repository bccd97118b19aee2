import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "../../prisma/shelters/generated/client.js";

// The subgraph's database client and its transaction, apart from the request context so that the
// modules the context's loaders use can name them without importing the context.

export type SheltersDb = PrismaClient;
/** What `db.$transaction(async (tx) => …)` hands its callback. */
export type SheltersTransaction = Parameters<Parameters<SheltersDb["$transaction"]>[0]>[0];

export function createSheltersClient(adapter: SqlDriverAdapterFactory): SheltersDb {
  return new PrismaClient({ adapter });
}
