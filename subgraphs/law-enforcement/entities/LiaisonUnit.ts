import { Directive, Field, ObjectType } from "type-graphql";
import { HsdsService } from "../../kit/directory.js";
import { connectionOf } from "../../kit/pagination.js";

@ObjectType({ description: "Who to call at a liaison unit about victim services. An office contact, never a survivor's." })
@Directive("@shareable")
export class VictimServicesContact {
  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;
}

@ObjectType({ description: "A law-enforcement liaison unit that works with survivors and their advocates." })
@Directive('@key(fields: "id")')
export class LiaisonUnit extends HsdsService {
  @Field(() => String)
  jurisdiction!: string;

  @Field(() => Boolean, { description: "Whether the unit takes new referrals now." })
  acceptingReferrals!: boolean;

  @Field(() => Date)
  capacityUpdatedAt!: Date;

  @Field(() => String)
  city!: string;

  @Field(() => String)
  region!: string;

  @Field(() => String, { description: "ISO 3166-1 alpha-2." })
  country!: string;

  contactName!: string | null;
  contactPhone!: string | null;
  contactEmail!: string | null;
}

export const LiaisonUnitConnection = connectionOf("LiaisonUnit", LiaisonUnit);
