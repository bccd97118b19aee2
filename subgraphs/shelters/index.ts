import path from "node:path";
import { fileURLToPath } from "node:url";
import type { GraphQLSchema } from "graphql";
import { isId } from "../kit/ids.js";
import { buildFederatedSchema } from "../kit/schema.js";
import type { SubgraphDefinition } from "../kit/subgraph.js";
import { createSheltersClient, createSheltersLoaders, type SheltersContext, type SheltersDb } from "./context.js";
import { DirectoryShelterResolver, OrganizationShelterResolver, SurvivorShelterResolver } from "./resolvers/NetworkEntityResolvers.js";
import { ResidentProfileResolver } from "./resolvers/ResidentProfileResolver.js";
import { ShelterProgramResolver } from "./resolvers/ShelterProgramResolver.js";
import { seedShelters } from "./seed.js";
import { DirectoryRef, SurvivorRef } from "./entities/stubs.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let schema: GraphQLSchema | undefined;

export const sheltersSubgraph: SubgraphDefinition<SheltersDb, ReturnType<typeof createSheltersLoaders>> = {
  name: "shelters",
  migrationsDir: path.join(root, "prisma/shelters/migrations"),
  // Built once per process: type-graphql keeps its metadata in one global store.
  schema: () =>
    (schema ??= buildFederatedSchema<SheltersContext>({
      resolvers: [ShelterProgramResolver, ResidentProfileResolver, OrganizationShelterResolver, SurvivorShelterResolver, DirectoryShelterResolver],
      // Entities that no query returns but the gateway reaches by key.
      orphanedTypes: [SurvivorRef, DirectoryRef],
      references: {
        ShelterProgram: (ref, ctx) => (isId(ref.id) ? ctx.loaders.program.load(ref.id) : null),
      },
    })),
  createClient: createSheltersClient,
  createLoaders: createSheltersLoaders,
  seedDemoData: seedShelters,
};
