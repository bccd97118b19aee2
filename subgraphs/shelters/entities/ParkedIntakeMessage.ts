import { Directive, Field, ID, ObjectType } from "type-graphql";
import { connectionOf } from "../../kit/pagination.js";
import { DeliveryProblemFields, ParkedItemFields } from "../../kit/parking.js";
import { access } from "../../kit/principal.js";

@ObjectType({
  description:
    "A message of a shelter's intake to the network (an acceptance) that the relay could not deliver in order: refused by the network for a reason retrying cannot change (PARKED), or kept back behind such a one (WAITING), and what became of it. Carries no survivor data.",
})
@Directive(access("ORG_ADMIN", "NETWORK_STEWARD"))
export class ParkedIntakeMessage extends ParkedItemFields {
  @Field(() => ID, { nullable: true, description: "The referral it is about; null for a network steward, who is no party to it." })
  referralId!: string | null;

  @Field(() => String, { description: "What it tells the network (INTAKE_ACCEPTED)." })
  kind!: string;
}

export const ParkedIntakeMessageConnection = connectionOf("ParkedIntakeMessage", ParkedIntakeMessage);

@ObjectType({
  description:
    "The shelter's acceptance of the referral that has not reached the network: refused there for a reason retrying cannot change, until an admin retries or discards it.",
})
export class IntakeDeliveryProblem extends DeliveryProblemFields {}
