import { Directive, Field, ID, Int, ObjectType } from "type-graphql";

@ObjectType("ShelterOutboxMessage", { description: "Internal: a message from the shelters subgraph to the network, for the gateway's relay." })
@Directive("@inaccessible")
export class OutboxMessage {
  @Field(() => ID, { description: "Increasing with the order messages were written in." })
  id!: string;

  @Field(() => String, { description: "What happened (INTAKE_ACCEPTED)." })
  kind!: string;

  @Field(() => ID)
  referralId!: string;

  @Field(() => String, { description: "The message's content, JSON." })
  payload!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Int, { description: "How many times the relay has pulled it, this time included." })
  attempts!: number;
}
