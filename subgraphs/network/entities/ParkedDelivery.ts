import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { ReferralStatus } from "../../../prisma/network/generated/enums.js";
import { connectionOf } from "../../kit/pagination.js";
import { DeliveryProblemFields, ParkedItemFields } from "../../kit/parking.js";
import { access } from "../../kit/principal.js";

@ObjectType({
  description:
    "A step of a referral (one of its events) that the relay could not deliver to the receiving partner's subgraph in order: refused for a reason retrying cannot change (PARKED), or kept back behind such a one (WAITING), and what became of it. Carries no survivor data.",
})
@Directive(access("ORG_ADMIN", "NETWORK_STEWARD"))
export class ParkedReferralDelivery extends ParkedItemFields {
  @Field(() => ID, { nullable: true, description: "The referral it is a step of; null for a network steward, who is no party to it." })
  referralId!: string | null;

  @Field(() => ID, { nullable: true, description: "The referral's sender; null for a network steward." })
  senderOrganizationId!: string | null;

  @Field(() => ID, { nullable: true, description: "The referral's receiver; null for a network steward." })
  receiverOrganizationId!: string | null;

  @Field(() => String, { description: "The event's position in the referral feed (the order it is delivered in)." })
  eventPosition!: string;

  @Field(() => ReferralStatus, {
    description:
      "The status the step moved the referral to. A step that ends the referral (DECLINED, WITHDRAWN, HANDED_BACK, COMPLETED, CLOSED) frees the survivor's place at the shelter: it can be retried, never discarded.",
  })
  toStatus!: ReferralStatus;

  @Field(() => Int, { description: "The referral's version after the step." })
  version!: number;
}

export const ParkedReferralDeliveryConnection = connectionOf("ParkedReferralDelivery", ParkedReferralDelivery);

@ObjectType({
  description:
    "A step of the referral that has not reached the receiving partner's subgraph: refused there for a reason retrying cannot change, until an admin retries or discards it.",
})
export class ReferralDeliveryProblem extends DeliveryProblemFields {}

@ObjectType({
  description:
    "A delivery to one of your organisation's webhooks that was parked: the receiver refused it for good (a 4xx other than 408, 425 or 429) or it failed every attempt (PARKED), or it waits behind such a one of the same referral (WAITING), and what became of it. The webhook's other deliveries go on.",
})
@Directive(access("ORG_ADMIN"))
export class ParkedWebhookDelivery extends ParkedItemFields {
  @Field(() => ID)
  subscriptionId!: string;

  @Field(() => String, { description: "The event's position (as in `referralEvents` and the payload)." })
  eventPosition!: string;

  @Field(() => ID, { description: "The referral whose event it is (your organisation is a party to it)." })
  referralId!: string;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status at the last attempt; null when it did not answer." })
  lastStatus!: number | null;
}

export const ParkedWebhookDeliveryConnection = connectionOf("ParkedWebhookDelivery", ParkedWebhookDelivery);
