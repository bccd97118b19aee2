import { Field, ID, ObjectType } from "type-graphql";
import { OWNER_FIELD, SUBJECT_FIELD } from "../../vocabulary/categories.js";

/**
 * The fields every partner's survivor profile starts with (shelters' ResidentProfile, legal aid's
 * LegalProfile, law enforcement's LiaisonProfile), declared once: its id, its subject and its
 * owner, the two the consent rule reads on every record (vocabulary/categories.ts, SUBJECT_FIELD
 * and OWNER_FIELD). Each profile extends this class and adds its own `@access`, `@survivorRecord`
 * and sensitive fields. Abstract: it is no type of its own in any schema.
 */
@ObjectType()
export abstract class SurvivorProfile {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { name: SUBJECT_FIELD, description: "The survivor this profile is about (its subject)." })
  survivorId!: string;

  @Field(() => ID, { name: OWNER_FIELD, description: "The organisation that holds this profile (its owner)." })
  organizationId!: string;
}
