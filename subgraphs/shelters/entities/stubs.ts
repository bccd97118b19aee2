import { Directive, Field, ID, ObjectType } from "type-graphql";
import { networkEntityStubs } from "../../kit/stubs.js";

export const { OrganizationRef, SurvivorRef, DirectoryRef } = networkEntityStubs();
export type OrganizationRef = InstanceType<typeof OrganizationRef>;
export type SurvivorRef = InstanceType<typeof SurvivorRef>;
export type DirectoryRef = InstanceType<typeof DirectoryRef>;

/** The network's referral, by key: this subgraph adds the shelter's intake of it. */
@ObjectType("Referral")
@Directive('@key(fields: "id")')
export class ReferralRef {
  @Field(() => ID)
  id!: string;
}
