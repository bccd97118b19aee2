import { GraphQLError } from "graphql";
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { z } from "zod";
import { OrganizationKind } from "../../vocabulary/organizations.js";

// Vocabulary shared by the directory parts of every partner subgraph. Field names follow
// Open Referral HSDS where it has one (status, eligibility_description, languages,
// service_capacity, schedule).

registerEnumType(OrganizationKind, { name: "OrganizationKind", description: "What kind of partner an organisation is." });

export const ServiceStatus = {
  ACTIVE: "ACTIVE",
  INACTIVE: "INACTIVE",
  TEMPORARILY_CLOSED: "TEMPORARILY_CLOSED",
  DEFUNCT: "DEFUNCT",
} as const;
export type ServiceStatus = (typeof ServiceStatus)[keyof typeof ServiceStatus];
registerEnumType(ServiceStatus, { name: "ServiceStatus", description: "HSDS service status." });

export const Population = {
  ADULT_WOMEN: "ADULT_WOMEN",
  ADULT_MEN: "ADULT_MEN",
  NONBINARY_ADULTS: "NONBINARY_ADULTS",
  LGBTQ_PLUS: "LGBTQ_PLUS",
  UNACCOMPANIED_MINORS: "UNACCOMPANIED_MINORS",
  FAMILIES_WITH_CHILDREN: "FAMILIES_WITH_CHILDREN",
} as const;
export type Population = (typeof Population)[keyof typeof Population];
registerEnumType(Population, { name: "Population", description: "Groups a service is set up to serve." });

export const Weekday = {
  MO: "MO",
  TU: "TU",
  WE: "WE",
  TH: "TH",
  FR: "FR",
  SA: "SA",
  SU: "SU",
} as const;
export type Weekday = (typeof Weekday)[keyof typeof Weekday];
registerEnumType(Weekday, { name: "Weekday", description: "iCalendar BYDAY weekday codes, as HSDS schedules use." });

@ObjectType({ description: "HSDS service_capacity: how much of a service is free right now." })
@Directive("@shareable")
export class ServiceCapacity {
  @Field(() => Int)
  available!: number;

  @Field(() => Int)
  maximum!: number;

  @Field(() => String, { description: "What is counted: bed, intake slot, referral." })
  unit!: string;

  @Field(() => Date, { description: "When the numbers were last updated by the service." })
  updated!: Date;
}

@ObjectType({ description: "HSDS schedule: when a service takes intake, in its local time." })
@Directive("@shareable")
export class Schedule {
  @Field(() => [Weekday])
  byDay!: Weekday[];

  @Field(() => String, { nullable: true, description: "HH:MM" })
  opensAt!: string | null;

  @Field(() => String, { nullable: true, description: "HH:MM" })
  closesAt!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;
}

/** BCP 47 language tag, the simple shapes directories use: "en", "es", "pt-BR", "zh-Hant". */
export const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a BCP 47 language tag such as en, es or pt-BR");

export const directoryFilterSchema = z
  .object({
    kinds: z.array(z.enum(OrganizationKind)).max(4).optional(),
    languages: z.array(languageTag).max(20).optional(),
    populations: z.array(z.enum(Population)).max(10).optional(),
    hasCapacityNow: z.boolean().optional(),
    includeInactive: z.boolean().optional(),
  })
  .strict();
export type DirectoryFilterValue = z.infer<typeof directoryFilterSchema>;

/**
 * The network subgraph answers `directory(filter)` with an entity whose key is the filter
 * itself, canonicalised; each partner subgraph resolves its own part of that entity from its
 * own database. One query then spans every partner kind without any subgraph reading another's
 * data. Partner subgraphs must re-validate the key: it reaches them as a plain string.
 */
export function encodeDirectoryKey(filter: DirectoryFilterValue): string {
  const canonical = {
    kinds: filter.kinds?.toSorted(),
    languages: filter.languages?.toSorted(),
    populations: filter.populations?.toSorted(),
    hasCapacityNow: filter.hasCapacityNow,
    includeInactive: filter.includeInactive,
  };
  return Buffer.from(JSON.stringify(canonical)).toString("base64url");
}

export function decodeDirectoryKey(key: string): DirectoryFilterValue {
  try {
    return directoryFilterSchema.parse(JSON.parse(Buffer.from(key, "base64url").toString("utf8")));
  } catch {
    throw new GraphQLError("Directory key is not one the network issued", { extensions: { code: "BAD_USER_INPUT" } });
  }
}

/** Whether a partner of this kind takes part in the filtered directory at all. */
export function includesKind(filter: DirectoryFilterValue, kind: OrganizationKind): boolean {
  return !filter.kinds || filter.kinds.length === 0 || filter.kinds.includes(kind);
}

/** The part of a Prisma `where` that every partner's directory list shares. */
export function commonDirectoryWhere(filter: DirectoryFilterValue) {
  return {
    ...(filter.includeInactive ? {} : { status: ServiceStatus.ACTIVE }),
    ...(filter.languages?.length ? { languages: { hasSome: filter.languages } } : {}),
    ...(filter.populations?.length ? { populationsServed: { hasSome: filter.populations } } : {}),
  };
}

/**
 * The HSDS service fields every partner's directory entry shares (shelter programmes, legal
 * services, liaison units), declared once: each partner's entity extends this class and adds its
 * own (capacity, practice areas, jurisdiction…) and its `@key`. Abstract: it is no type of its own
 * in any schema, only these fields at the head of each entity.
 */
@ObjectType()
export abstract class HsdsService {
  @Field(() => ID)
  id!: string;

  /** The organisation that runs the service (not a field: the entity's `organization` resolves it). */
  organizationId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => ServiceStatus)
  status!: ServiceStatus;

  @Field(() => String, { nullable: true })
  eligibilityDescription!: string | null;

  @Field(() => [String], { description: "BCP 47 tags of the languages staff work in." })
  languages!: string[];

  @Field(() => [Population])
  populationsServed!: Population[];
}
