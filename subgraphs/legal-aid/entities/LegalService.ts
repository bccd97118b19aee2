import { Directive, Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { PracticeArea } from "../../../prisma/legal-aid/generated/enums.js";
import { HsdsService } from "../../kit/directory.js";
import { connectionOf } from "../../kit/pagination.js";

registerEnumType(PracticeArea, { name: "PracticeArea", description: "Areas of law a legal service practises." });

@ObjectType({ description: "A legal service: an HSDS service with intake capacity and a waitlist." })
@Directive('@key(fields: "id")')
export class LegalService extends HsdsService {
  @Field(() => [PracticeArea])
  practiceAreas!: PracticeArea[];

  @Field(() => Int, { description: "Expected wait before a first appointment, in weeks." })
  waitlistWeeks!: number;

  @Field(() => String)
  city!: string;

  @Field(() => String)
  region!: string;

  @Field(() => String, { description: "ISO 3166-1 alpha-2." })
  country!: string;

  intakeAvailable!: number;
  intakeMaximum!: number;
  capacityUpdatedAt!: Date;
}

export const LegalServiceConnection = connectionOf("LegalService", LegalService);
