import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { networkEntityStubs } from "../../kit/stubs.js";

export const { OrganizationRef, SurvivorRef, DirectoryRef } = networkEntityStubs();
export type OrganizationRef = InstanceType<typeof OrganizationRef>;
export type SurvivorRef = InstanceType<typeof SurvivorRef>;
export type DirectoryRef = InstanceType<typeof DirectoryRef>;

/** The kinds of service a referral may address (the network's enum; this subgraph reads it to find its programme). */
export const ReferralServiceKind = { SHELTER_PROGRAM: "SHELTER_PROGRAM", LEGAL_SERVICE: "LEGAL_SERVICE", LIAISON_UNIT: "LIAISON_UNIT" } as const;
export type ReferralServiceKind = (typeof ReferralServiceKind)[keyof typeof ReferralServiceKind];
registerEnumType(ReferralServiceKind, { name: "ReferralServiceKind", description: "Which partner's service a referral is addressed to." });

/** The network's referral, by key: this subgraph adds the shelter's intake of it, and the programme it addresses. */
@ObjectType("Referral")
@Directive('@key(fields: "id")')
export class ReferralRef {
  @Field(() => ID)
  id!: string;

  /** The network's; read (through @requires) to find the programme. */
  @Field(() => ReferralServiceKind)
  @Directive("@external")
  serviceKind?: ReferralServiceKind;

  @Field(() => ID)
  @Directive("@external")
  serviceId?: string;
}
