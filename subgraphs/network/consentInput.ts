import { z } from "zod";
import { ConsentMethod } from "../../prisma/network/generated/enums.js";
import { languageTag } from "../kit/directory.js";
import { OrganizationKind } from "../../vocabulary/organizations.js";
import { PURPOSES } from "../../vocabulary/principal.js";
import { SENSITIVE_CATEGORIES } from "../../vocabulary/categories.js";

// Validation of consent inputs at the edge. Messages name the field; values are never echoed.
export const recordConsentSchema = z
  .object({
    survivorId: z.uuid(),
    granteeOrganizationId: z.uuid().nullish(),
    granteeKind: z.enum(OrganizationKind).nullish(),
    categories: z.array(z.enum(SENSITIVE_CATEGORIES)).min(1, "name at least one category").max(SENSITIVE_CATEGORIES.length),
    purposes: z.array(z.enum(PURPOSES)).min(1, "name at least one purpose").max(PURPOSES.length),
    validFrom: z.date().nullish(),
    validUntil: z.date().nullish(),
    method: z.enum(ConsentMethod),
    language: languageTag,
  })
  .strict()
  .refine((v) => (v.granteeOrganizationId ? 1 : 0) + (v.granteeKind ? 1 : 0) === 1, {
    message: "give exactly one of granteeOrganizationId and granteeKind",
    path: ["granteeOrganizationId"],
  })
  .refine((v) => !v.validUntil || v.validUntil.getTime() > (v.validFrom ?? new Date()).getTime(), {
    message: "must be after validFrom (or now)",
    path: ["validUntil"],
  })
  .refine((v) => new Set(v.categories).size === v.categories.length && new Set(v.purposes).size === v.purposes.length, {
    message: "must not repeat a value",
    path: ["categories"],
  });

export const withdrawalSchema = z
  .object({
    id: z.uuid(),
    reason: z.string().trim().min(1, "give a reason").max(1_000),
  })
  .strict();
