import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "../../prisma/network/generated/client.js";

// The subgraph's database client and its transaction, apart from the request context so that the
// modules the context's loaders use can name them without importing the context.

export type NetworkDb = PrismaClient;
/** What `db.$transaction(async (tx) => …)` hands its callback. */
export type NetworkTransaction = Parameters<Parameters<NetworkDb["$transaction"]>[0]>[0];

export function createNetworkClient(adapter: SqlDriverAdapterFactory): NetworkDb {
  return new PrismaClient({ adapter });
}
