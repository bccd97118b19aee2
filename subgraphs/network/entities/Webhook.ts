import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { connectionOf } from "../../kit/pagination.js";
import { ParkedDeliveryState } from "../../kit/parking.js";
import { access } from "../../kit/principal.js";

@ObjectType({ description: "Where an organisation's referral events are POSTed, signed. Never shows the signing secret." })
@Directive(access("ORG_ADMIN"))
export class WebhookSubscription {
  @Field(() => ID)
  id!: string;

  organizationId!: string;

  @Field(() => String)
  url!: string;

  @Field(() => Boolean, { description: "False once deactivated: nothing more is sent to it." })
  active!: boolean;

  @Field(() => Date, { description: "Events from this moment on are delivered; earlier ones are in `referralEvents`." })
  createdAt!: Date;
}

@ObjectType({ description: "A new webhook and its signing secret. The secret is shown here once and never again." })
@Directive(access("ORG_ADMIN"))
export class WebhookRegistration {
  @Field(() => WebhookSubscription)
  subscription!: WebhookSubscription;

  @Field(() => String, {
    description: 'The HMAC-SHA256 key of the `x-srn-signature` header: `t=<unix seconds>,v1=<hex HMAC(secret, "<t>.<raw body>")>`. Store it now in the receiver\'s secret store.',
  })
  secret!: string;
}

@ObjectType({ description: "One event's delivery to one webhook." })
@Directive(access("ORG_ADMIN"))
export class WebhookDelivery {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "The event's position (as in `referralEvents` and the payload)." })
  eventPosition!: string;

  @Field(() => Int, {
    description: "Attempts so far (since an admin last sent it back in line), the successful one included (a delivered item took this many tries); parked after 12 failed ones.",
  })
  attempts!: number;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status at the last attempt; null when it did not answer." })
  lastStatus!: number | null;

  @Field(() => String, { nullable: true, description: "Why the last attempt failed." })
  lastError!: string | null;

  @Field(() => Date, { nullable: true, description: "When the receiver answered 2xx; null until then." })
  deliveredAt!: Date | null;

  @Field(() => Date, { description: "When the next attempt is due (meaningless once delivered or parked)." })
  nextAttemptAt!: Date;

  @Field(() => ParkedDeliveryState, {
    nullable: true,
    description:
      "Null for a delivery never held; PARKED when the receiver refused it for good or it failed every attempt, then QUEUED, DELIVERED or DISCARDED. One waiting behind a parked delivery of the same referral is listed WAITING by `parkedWebhookDeliveries`.",
  })
  parkedState!: ParkedDeliveryState | null;

  @Field(() => String, { nullable: true, description: "Why it was parked." })
  parkReason!: string | null;

  @Field(() => Date)
  createdAt!: Date;
}

export const WebhookSubscriptionConnection = connectionOf("WebhookSubscription", WebhookSubscription);

export const WebhookDeliveryConnection = connectionOf("WebhookDelivery", WebhookDelivery);
