import { FieldResolver, Resolver, Root } from "type-graphql";
import { LiaisonProfile } from "../entities/LiaisonProfile.js";
import { OrganizationRef, SurvivorRef } from "../entities/stubs.js";

@Resolver(() => LiaisonProfile)
export class LiaisonProfileResolver {
  @FieldResolver(() => SurvivorRef)
  survivor(@Root() profile: LiaisonProfile): SurvivorRef {
    return { id: profile.survivorId };
  }

  @FieldResolver(() => OrganizationRef, { description: "The liaison organisation that holds the profile." })
  organization(@Root() profile: LiaisonProfile): OrganizationRef {
    return { id: profile.organizationId };
  }
}
