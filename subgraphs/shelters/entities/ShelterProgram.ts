import { Directive, Field, ID, ObjectType } from "type-graphql";
import { HsdsService } from "../../kit/directory.js";
import { connectionOf } from "../../kit/pagination.js";
import { sensitive } from "../../kit/sensitive.js";

@ObjectType({
  description:
    "Where a shelter programme is. A site's street address is in exactly one of publicAddress (open sites) and confidentialAddress (confidential sites, CONFIDENTIAL_SITE data released by the rule).",
})
export class ShelterSite {
  @Field(() => ID, { description: "The organisation that runs the site (owner of this record)." })
  ownerOrganizationId!: string;

  @Field(() => Boolean, { description: "A confidential site's address is never published in the directory." })
  confidential!: boolean;

  @Field(() => String)
  city!: string;

  @Field(() => String)
  region!: string;

  @Field(() => String, { description: "ISO 3166-1 alpha-2." })
  country!: string;

  @Field(() => String, { nullable: true, description: "The street address of an open site; null when the site is confidential." })
  publicAddress!: string | null;

  @Field(() => String, { nullable: true, description: "The postal code of an open site; null when the site is confidential." })
  publicPostalCode!: string | null;

  @Field(() => String, { nullable: true, description: "The street address of a confidential site; null when the site is open." })
  @Directive(sensitive("CONFIDENTIAL_SITE"))
  confidentialAddress!: string | null;

  @Field(() => String, { nullable: true, description: "The postal code of a confidential site; null when the site is open." })
  @Directive(sensitive("CONFIDENTIAL_SITE"))
  confidentialPostalCode!: string | null;
}

@ObjectType({ description: "A shelter programme: an HSDS service with live bed capacity." })
@Directive('@key(fields: "id")')
export class ShelterProgram extends HsdsService {
  @Field(() => String, { nullable: true, description: "Accessibility of the site and its rooms." })
  accessibility!: string | null;

  bedsAvailable!: number;
  bedsTotal!: number;
  capacityUpdatedAt!: Date;
  confidentialSite!: boolean;
  addressLine!: string | null;
  city!: string;
  region!: string;
  postalCode!: string | null;
  country!: string;
}

export const ShelterProgramConnection = connectionOf("ShelterProgram", ShelterProgram);
