import path from "node:path";
import { fileURLToPath } from "node:url";
import type { GraphQLSchema } from "graphql";
import { isId } from "../kit/ids.js";
import { buildFederatedSchema } from "../kit/schema.js";
import type { SubgraphDefinition } from "../kit/subgraph.js";
import { createLegalAidClient, createLegalAidLoaders, type LegalAidContext, type LegalAidDb } from "./context.js";
import { DirectoryRef, SurvivorRef } from "./entities/stubs.js";
import { LegalProfileResolver } from "./resolvers/LegalProfileResolver.js";
import { LegalServiceResolver } from "./resolvers/LegalServiceResolver.js";
import { DirectoryLegalResolver, OrganizationLegalResolver, SurvivorLegalResolver } from "./resolvers/NetworkEntityResolvers.js";
import { seedLegalAid } from "./seed.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let schema: GraphQLSchema | undefined;

export const legalAidSubgraph: SubgraphDefinition<LegalAidDb, ReturnType<typeof createLegalAidLoaders>> = {
  name: "legal-aid",
  migrationsDir: path.join(root, "prisma/legal-aid/migrations"),
  // Built once per process: type-graphql keeps its metadata in one global store.
  schema: () =>
    (schema ??= buildFederatedSchema<LegalAidContext>({
      resolvers: [LegalServiceResolver, LegalProfileResolver, OrganizationLegalResolver, SurvivorLegalResolver, DirectoryLegalResolver],
      // Entities that no query returns but the gateway reaches by key.
      orphanedTypes: [SurvivorRef, DirectoryRef],
      references: {
        LegalService: (ref, ctx) => (isId(ref.id) ? ctx.loaders.service.load(ref.id) : null),
      },
    })),
  createClient: createLegalAidClient,
  createLoaders: createLegalAidLoaders,
  seedDemoData: seedLegalAid,
};
