import path from "node:path";
import { fileURLToPath } from "node:url";
import type { GraphQLSchema } from "graphql";
import { isId } from "../kit/ids.js";
import { buildFederatedSchema } from "../kit/schema.js";
import type { SubgraphDefinition } from "../kit/subgraph.js";
import { createNetworkClient, type NetworkDb } from "./db.js";
import { createNetworkLoaders, type NetworkContext } from "./context.js";
import { AgreementEventResolver, AgreementResolver } from "./resolvers/AgreementResolver.js";
import { AgreementLifecycleResolver } from "./resolvers/AgreementLifecycleResolver.js";
import { SharingDryRunResolver } from "./resolvers/SharingDryRunResolver.js";
import { ConsentResolver, SurvivorConsentResolver } from "./resolvers/ConsentResolver.js";
import { DirectoryResolver } from "./resolvers/DirectoryResolver.js";
import { DisclosureItemResolver, DisclosureResolver } from "./resolvers/DisclosureResolver.js";
import { MemberResolver } from "./resolvers/MemberResolver.js";
import { OrganizationResolver } from "./resolvers/OrganizationResolver.js";
import { OverrideNoticeResolver } from "./resolvers/OverrideNoticeResolver.js";
import { PolicyFactsResolver } from "./resolvers/PolicyFactsResolver.js";
import { PrincipalResolver } from "./resolvers/PrincipalResolver.js";
import { ParkedDeliveryResolver, ReferralDeliveryResolver } from "./resolvers/ParkedDeliveryResolver.js";
import { ParkedWebhookResolver } from "./resolvers/ParkedWebhookResolver.js";
import { ReferralRelayResolver } from "./resolvers/ReferralRelayResolver.js";
import { ReferralResolver } from "./resolvers/ReferralResolver.js";
import { OnboardingResolver } from "./resolvers/OnboardingResolver.js";
import { MemberAdministrationResolver } from "./resolvers/MemberAdministrationResolver.js";
import { ApiClientResolver } from "./resolvers/ApiClientResolver.js";
import { SurvivorResolver } from "./resolvers/SurvivorResolver.js";
import { WebhookResolver } from "./resolvers/WebhookResolver.js";
import { WebhookDeliveryQueueResolver } from "./resolvers/WebhookDeliveryQueueResolver.js";
import { seedNetwork } from "./seed.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let schema: GraphQLSchema | undefined;

export const networkSubgraph: SubgraphDefinition<NetworkDb, ReturnType<typeof createNetworkLoaders>> = {
  name: "network",
  migrationsDir: path.join(root, "prisma/network/migrations"),
  // Built once per process: type-graphql keeps its metadata in one global store.
  schema: () =>
    (schema ??= buildFederatedSchema<NetworkContext>({
      resolvers: [
        OrganizationResolver,
        MemberResolver,
        SurvivorResolver,
        DirectoryResolver,
        PrincipalResolver,
        ReferralResolver,
        ReferralRelayResolver,
        ParkedDeliveryResolver,
        ReferralDeliveryResolver,
        SurvivorConsentResolver,
        ConsentResolver,
        PolicyFactsResolver,
        AgreementResolver,
        AgreementLifecycleResolver,
        AgreementEventResolver,
        SharingDryRunResolver,
        DisclosureResolver,
        DisclosureItemResolver,
        OverrideNoticeResolver,
        OnboardingResolver,
        MemberAdministrationResolver,
        ApiClientResolver,
        WebhookResolver,
        ParkedWebhookResolver,
        WebhookDeliveryQueueResolver,
      ],
      references: {
        Organization: (ref, ctx) => (isId(ref.id) ? ctx.loaders.organization.load(ref.id) : null),
        Survivor: (ref, ctx) => (isId(ref.id) ? ctx.loaders.survivor.load(ref.id) : null),
        // Members are visible to their own organisation only.
        Member: (ref, ctx) =>
          isId(ref.id) && ctx.principal.organizationId ? ctx.db.member.findFirst({ where: { id: ref.id, organizationId: ctx.principal.organizationId } }) : null,
      },
    })),
  createClient: createNetworkClient,
  // The gateway's disclosure report for one response may list up to 5000 records and categories
  // (_appendDisclosures), well past the default 1 MB.
  maxBodyBytes: 8_000_000,
  createLoaders: createNetworkLoaders,
  seedDemoData: seedNetwork,
  // The referral events reach the organisations' webhooks through the workers process
  // (workers/webhooks/), over the internal calls of WebhookDeliveryQueueResolver.
};
