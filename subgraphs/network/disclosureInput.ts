import { z } from "zod";
import { PURPOSES, ROLES } from "../../vocabulary/principal.js";
import { SENSITIVE_CATEGORIES, type SensitiveCategory } from "../../vocabulary/categories.js";

/** Why a field was released: the caller's own record, an agreement (with consent), or an emergency. */
export const DISCLOSURE_BASES = ["OWNER", "AGREEMENT", "EMERGENCY"] as const;
export type DisclosureBasis = (typeof DISCLOSURE_BASES)[number];

/** The only categories an emergency releases without consent (docs/design.md, "The emergency clause"). */
export const EMERGENCY_CATEGORIES: readonly SensitiveCategory[] = ["CONTACT", "LOCATION"];

export const MAX_DISCLOSURE_ITEMS = 5_000;
export const MAX_DISCLOSURE_FIELDS = 100;

const id = z.uuid().transform((value) => value.toLowerCase());
// PostgreSQL cannot store NUL, nor half of a surrogate pair, in text or JSONB; refused here rather
// than failing in the database (where it would fail the other reports written with it).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !value.includes("\u0000"), "must not contain NUL characters")
    .refine((value) => !LONE_SURROGATE.test(value), "must be well-formed Unicode");
const graphQLName = z.string().regex(/^[_A-Za-z][_0-9A-Za-z]{0,99}$/, "must be a GraphQL name");

const itemSchema = z
  .object({
    recordType: graphQLName,
    recordId: text(255).min(1).nullish(),
    survivorId: id.nullish(),
    ownerOrganizationId: id.nullish(),
    category: z.enum(SENSITIVE_CATEGORIES),
    fields: z.array(graphQLName).min(1, "name at least one field").max(MAX_DISCLOSURE_FIELDS),
    released: z.boolean(),
    code: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]{0,63}$/, "must be an error code such as CONSENT_REQUIRED")
      .nullish(),
    basis: z.enum(DISCLOSURE_BASES).nullish(),
    agreementId: id.nullish(),
    consentId: id.nullish(),
  })
  .strict()
  // Undefined and null mean the same here; the ledger keeps one shape, with every key present.
  .transform((item) => ({
    recordType: item.recordType,
    recordId: item.recordId ?? null,
    survivorId: item.survivorId ?? null,
    ownerOrganizationId: item.ownerOrganizationId ?? null,
    category: item.category,
    fields: item.fields,
    released: item.released,
    code: item.code ?? null,
    basis: item.basis ?? null,
    agreementId: item.agreementId ?? null,
    consentId: item.consentId ?? null,
  }));
export type DisclosureItemValue = z.output<typeof itemSchema>;

/**
 * What the gateway reports about one response: every (record, category) it released or
 * withheld, and on what basis. The ledger entry must state a decision the rule could have made,
 * so an item that contradicts itself (released with a denial code, an emergency release of
 * health data, an agreement basis without the agreement) is refused whole: the gateway then
 * fails the response rather than answer with a disclosure the ledger does not hold.
 */
export const disclosureInputSchema = z
  .object({
    requestId: text(128).min(1),
    actorKind: z.enum(["member", "client"]),
    actorId: id,
    organizationId: id,
    roles: z.array(z.enum(ROLES)).max(ROLES.length),
    purpose: z
      .enum(PURPOSES)
      .nullish()
      .transform((value) => value ?? null),
    emergencyJustification: text(2_000)
      .nullish()
      .transform((value) => value ?? null),
    operationName: text(200)
      .nullish()
      .transform((value) => value ?? null),
    items: z.array(itemSchema).min(1, "list at least one item").max(MAX_DISCLOSURE_ITEMS),
  })
  .strict()
  .superRefine((input, ctx) => {
    const problem = (index: number, field: string, message: string) => ctx.addIssue({ code: "custom", path: ["items", index, field], message });
    input.items.forEach((item, index) => {
      if (item.released) {
        if (item.code !== null) problem(index, "code", "must be null when released");
        if (item.basis === null) problem(index, "basis", "must be given when released");
        // Fails closed: without a known owner nothing can be released.
        if (item.ownerOrganizationId === null) problem(index, "ownerOrganizationId", "must be given when released");
      } else {
        if (item.code === null) problem(index, "code", "must be given when withheld");
        if (item.basis !== null) problem(index, "basis", "must be null when withheld");
      }
      if (item.basis === "AGREEMENT" && item.agreementId === null) problem(index, "agreementId", "must be given for an AGREEMENT release");
      if (item.basis === "EMERGENCY") {
        if (item.agreementId === null) problem(index, "agreementId", "must be given for an EMERGENCY release (the agreement with the owner)");
        if (!EMERGENCY_CATEGORIES.includes(item.category)) problem(index, "category", "an EMERGENCY release covers CONTACT and LOCATION only");
        if (input.purpose !== "EMERGENCY") problem(index, "basis", "EMERGENCY needs the purpose EMERGENCY");
        if (!input.emergencyJustification?.trim()) problem(index, "basis", "EMERGENCY needs a written emergencyJustification");
      }
    });
  });
export type DisclosureInputValue = z.output<typeof disclosureInputSchema>;
