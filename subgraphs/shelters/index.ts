import path from "node:path";
import { fileURLToPath } from "node:url";
import type { GraphQLSchema } from "graphql";
import { isId } from "../kit/ids.js";
import { buildFederatedSchema } from "../kit/schema.js";
import type { SubgraphDefinition } from "../kit/subgraph.js";
import { createSheltersClient, type SheltersDb } from "./db.js";
import { createSheltersLoaders, type SheltersContext } from "./context.js";
import { BedResolver } from "./resolvers/BedResolver.js";
import { IntakeRelayResolver } from "./resolvers/IntakeRelayResolver.js";
import { ParkedIntakeResolver, ReferralIntakeDeliveryResolver } from "./resolvers/ParkedIntakeResolver.js";
import { DirectoryShelterResolver, OrganizationShelterResolver, ReferralShelterResolver, SurvivorShelterResolver } from "./resolvers/NetworkEntityResolvers.js";
import { ResidentProfileResolver } from "./resolvers/ResidentProfileResolver.js";
import { ShelterIntakeResolver } from "./resolvers/ShelterIntakeResolver.js";
import { ShelterProgramResolver } from "./resolvers/ShelterProgramResolver.js";
import { seedShelters } from "./seed.js";
import { DirectoryRef, ReferralRef, SurvivorRef } from "./entities/stubs.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let schema: GraphQLSchema | undefined;

export const sheltersSubgraph: SubgraphDefinition<SheltersDb, ReturnType<typeof createSheltersLoaders>> = {
  name: "shelters",
  migrationsDir: path.join(root, "prisma/shelters/migrations"),
  // Built once per process: type-graphql keeps its metadata in one global store.
  schema: () =>
    (schema ??= buildFederatedSchema<SheltersContext>({
      resolvers: [
        ShelterProgramResolver,
        BedResolver,
        ResidentProfileResolver,
        ShelterIntakeResolver,
        IntakeRelayResolver,
        ParkedIntakeResolver,
        ReferralIntakeDeliveryResolver,
        OrganizationShelterResolver,
        SurvivorShelterResolver,
        DirectoryShelterResolver,
        ReferralShelterResolver,
      ],
      // Entities that no query returns but the gateway reaches by key.
      orphanedTypes: [SurvivorRef, DirectoryRef, ReferralRef],
      references: {
        ShelterProgram: (ref, ctx) => (isId(ref.id) ? ctx.loaders.program.load(ref.id) : null),
        // Any referral id resolves (to its key): whether there is an intake, and who may see it, is
        // decided by Referral.shelterIntake.
        Referral: (ref) => (isId(ref.id) ? { id: ref.id.toLowerCase(), serviceKind: ref.serviceKind as string | undefined, serviceId: ref.serviceId as string | undefined } : null),
      },
    })),
  createClient: createSheltersClient,
  createLoaders: createSheltersLoaders,
  seedDemoData: seedShelters,
};
