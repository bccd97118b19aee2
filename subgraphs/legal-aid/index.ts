import path from "node:path";
import { fileURLToPath } from "node:url";
import type { GraphQLSchema } from "graphql";
import { isId } from "../kit/ids.js";
import { buildFederatedSchema } from "../kit/schema.js";
import type { SubgraphDefinition } from "../kit/subgraph.js";
import { createLegalAidClient, createLegalAidLoaders, type LegalAidContext, type LegalAidDb } from "./context.js";
import { DirectoryRef, ReferralRef, SurvivorRef } from "./entities/stubs.js";
import { ConflictCheckGateResolver } from "./resolvers/ConflictCheckGateResolver.js";
import { ConflictCheckResolver } from "./resolvers/ConflictCheckResolver.js";
import { LegalProfileResolver } from "./resolvers/LegalProfileResolver.js";
import { LegalServiceResolver } from "./resolvers/LegalServiceResolver.js";
import { DirectoryLegalResolver, OrganizationLegalResolver, ReferralLegalResolver, SurvivorLegalResolver } from "./resolvers/NetworkEntityResolvers.js";
import { seedLegalAid } from "./seed.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let schema: GraphQLSchema | undefined;

export const legalAidSubgraph: SubgraphDefinition<LegalAidDb, ReturnType<typeof createLegalAidLoaders>> = {
  name: "legal-aid",
  migrationsDir: path.join(root, "prisma/legal-aid/migrations"),
  // Built once per process: type-graphql keeps its metadata in one global store.
  schema: () =>
    (schema ??= buildFederatedSchema<LegalAidContext>({
      resolvers: [
        LegalServiceResolver,
        LegalProfileResolver,
        ConflictCheckResolver,
        ConflictCheckGateResolver,
        OrganizationLegalResolver,
        SurvivorLegalResolver,
        DirectoryLegalResolver,
        ReferralLegalResolver,
      ],
      // Entities that no query returns but the gateway reaches by key.
      orphanedTypes: [SurvivorRef, DirectoryRef, ReferralRef],
      references: {
        LegalService: (ref, ctx) => (isId(ref.id) ? ctx.loaders.service.load(ref.id) : null),
        // Any referral id resolves (to its key): which checks the caller sees is decided by
        // Referral.conflictCheck (its own organisation's only).
        Referral: (ref) => (isId(ref.id) ? { id: ref.id.toLowerCase() } : null),
      },
    })),
  createClient: createLegalAidClient,
  createLoaders: createLegalAidLoaders,
  seedDemoData: seedLegalAid,
};
