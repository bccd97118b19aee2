import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { connectionOf } from "../../kit/pagination.js";

export const DisclosureKind = { DISCLOSURE: "DISCLOSURE", EMERGENCY_OVERRIDE: "EMERGENCY_OVERRIDE" } as const;
export type DisclosureKind = (typeof DisclosureKind)[keyof typeof DisclosureKind];
registerEnumType(DisclosureKind, { name: "DisclosureKind", description: "A response's disclosures, or one that used the emergency override." });

@InputType({ description: "Internal: one record and category of a response, released or withheld." })
@Directive("@inaccessible")
export class DisclosureItemInput {
  @Field(() => String, { description: "GraphQL type name, e.g. ResidentProfile." })
  recordType!: string;

  @Field(() => String, { nullable: true, description: "The record's id when its type has one." })
  recordId?: string | null;

  @Field(() => ID, { nullable: true, description: "The subject; null for organisation categories or when unknown." })
  survivorId?: string | null;

  @Field(() => ID, { nullable: true, description: "The owner; null when unknown (then never released)." })
  ownerOrganizationId?: string | null;

  @Field(() => String)
  category!: string;

  @Field(() => [String], { description: "The fields of that category on that record." })
  fields!: string[];

  @Field(() => Boolean)
  released!: boolean;

  @Field(() => String, { nullable: true, description: "The denial code when withheld." })
  code?: string | null;

  @Field(() => String, { nullable: true, description: "OWNER, AGREEMENT or EMERGENCY when released." })
  basis?: string | null;

  @Field(() => ID, { nullable: true })
  agreementId?: string | null;

  @Field(() => ID, { nullable: true })
  consentId?: string | null;
}

@InputType({ description: "Internal: what one gateway response released and withheld, for the ledger." })
@Directive("@inaccessible")
export class DisclosureInput {
  @Field(() => String, { description: "The gateway's request id." })
  requestId!: string;

  @Field(() => String, { description: "member or client." })
  actorKind!: string;

  @Field(() => String)
  actorId!: string;

  @Field(() => ID)
  organizationId!: string;

  @Field(() => [String])
  roles!: string[];

  @Field(() => String, { nullable: true })
  purpose?: string | null;

  @Field(() => String, { nullable: true })
  emergencyJustification?: string | null;

  @Field(() => String, { nullable: true })
  operationName?: string | null;

  @Field(() => [DisclosureItemInput])
  items!: DisclosureItemInput[];
}

@ObjectType({ description: "Internal: the ledger entry that holds a response's disclosures." })
@Directive("@inaccessible")
export class DisclosureReceipt {
  @Field(() => String, { description: "The entry's sequence number (a 64-bit integer, as a string)." })
  seq!: string;

  @Field(() => String)
  hash!: string;
}

@ObjectType({ description: "One record and category of a disclosure: released, or withheld and why. Never the value." })
export class DisclosureItem {
  @Field(() => String, { description: "GraphQL type name of the record, e.g. ResidentProfile." })
  recordType!: string;

  @Field(() => String, { nullable: true })
  recordId!: string | null;

  @Field(() => String, { description: "Data category (IDENTITY, CONTACT, …)." })
  category!: string;

  @Field(() => [String], { description: "The fields of that category asked for on that record." })
  fields!: string[];

  @Field(() => Boolean)
  released!: boolean;

  @Field(() => String, { nullable: true, description: "Why it was withheld (e.g. CONSENT_REQUIRED); null when released." })
  code!: string | null;

  @Field(() => String, { nullable: true, description: "Why it was released: OWNER, AGREEMENT or EMERGENCY; null when withheld." })
  basis!: string | null;

  @Field(() => ID, { nullable: true, description: "The agreement the release relied on." })
  agreementId!: string | null;

  @Field(() => ID, { nullable: true, description: "The survivor's consent the release relied on." })
  consentId!: string | null;

  ownerOrganizationId!: string | null;
}

@ObjectType({
  description: "One response that touched a survivor's data, from the audit ledger: who asked, for what purpose, and which records and categories were released or withheld.",
})
export class Disclosure {
  @Field(() => String, { description: "The ledger entry's sequence number (a 64-bit integer, as a string)." })
  seq!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => DisclosureKind)
  kind!: DisclosureKind;

  @Field(() => String, { description: "member or client (a partner app)." })
  actorKind!: string;

  @Field(() => ID, { description: "The member or partner-app client who asked." })
  actorId!: string;

  organizationId!: string;

  @Field(() => String, { nullable: true, description: "The purpose of use the caller declared." })
  purpose!: string | null;

  @Field(() => String, { nullable: true, description: "The caller's written justification, for an emergency." })
  emergencyJustification!: string | null;

  @Field(() => [DisclosureItem], { description: "The items about this survivor that the asking organisation may see." })
  items!: DisclosureItem[];
}

export const DisclosureConnection = connectionOf("Disclosure", Disclosure);
