import { FieldResolver, Resolver, Root } from "type-graphql";
import { LegalProfile } from "../entities/LegalProfile.js";
import { OrganizationRef, SurvivorRef } from "../entities/stubs.js";

@Resolver(() => LegalProfile)
export class LegalProfileResolver {
  @FieldResolver(() => SurvivorRef)
  survivor(@Root() profile: LegalProfile): SurvivorRef {
    return { id: profile.survivorId };
  }

  @FieldResolver(() => OrganizationRef, { description: "The legal-aid organisation that holds the profile." })
  organization(@Root() profile: LegalProfile): OrganizationRef {
    return { id: profile.organizationId };
  }
}
