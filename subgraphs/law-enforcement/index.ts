import path from "node:path";
import { fileURLToPath } from "node:url";
import type { GraphQLSchema } from "graphql";
import { isId } from "../kit/ids.js";
import { buildFederatedSchema } from "../kit/schema.js";
import type { SubgraphDefinition } from "../kit/subgraph.js";
import { createLawEnforcementClient, createLawEnforcementLoaders, type LawEnforcementContext, type LawEnforcementDb } from "./context.js";
import { DirectoryRef, ReferralRef, SurvivorRef } from "./entities/stubs.js";
import { CertificationRequestResolver } from "./resolvers/CertificationRequestResolver.js";
import { LiaisonProfileResolver } from "./resolvers/LiaisonProfileResolver.js";
import { LiaisonUnitResolver } from "./resolvers/LiaisonUnitResolver.js";
import { DirectoryLiaisonResolver, OrganizationLiaisonResolver, ReferralLiaisonResolver, SurvivorLiaisonResolver } from "./resolvers/NetworkEntityResolvers.js";
import { seedLawEnforcement } from "./seed.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let schema: GraphQLSchema | undefined;

export const lawEnforcementSubgraph: SubgraphDefinition<LawEnforcementDb, ReturnType<typeof createLawEnforcementLoaders>> = {
  name: "law-enforcement",
  migrationsDir: path.join(root, "prisma/law-enforcement/migrations"),
  // Built once per process: type-graphql keeps its metadata in one global store.
  schema: () =>
    (schema ??= buildFederatedSchema<LawEnforcementContext>({
      resolvers: [
        LiaisonUnitResolver,
        LiaisonProfileResolver,
        CertificationRequestResolver,
        OrganizationLiaisonResolver,
        SurvivorLiaisonResolver,
        DirectoryLiaisonResolver,
        ReferralLiaisonResolver,
      ],
      // Entities that no query returns but the gateway reaches by key.
      orphanedTypes: [SurvivorRef, DirectoryRef, ReferralRef],
      references: {
        LiaisonUnit: (ref, ctx) => (isId(ref.id) ? ctx.loaders.unit.load(ref.id) : null),
        // Any referral id resolves (to its key): which requests the caller sees is decided by
        // Referral.certificationRequests (those its own organisation is a party to).
        Referral: (ref) => (isId(ref.id) ? { id: ref.id.toLowerCase() } : null),
      },
    })),
  createClient: createLawEnforcementClient,
  createLoaders: createLawEnforcementLoaders,
  seedDemoData: seedLawEnforcement,
};
