import { z } from "zod";
import { languageTag } from "../../kit/directory.js";
import { OrganizationKind } from "../../../vocabulary/organizations.js";
import { CLIENT_ID_PREFIX } from "./clientSecrets.js";

// Validation of administration inputs at the edge. Messages name the field; values are never
// echoed back.

/** Kinds a steward may onboard. The coordinating body is the network's own, never onboarded. */
export const ONBOARDABLE_KINDS = [OrganizationKind.SHELTER, OrganizationKind.LEGAL_AID, OrganizationKind.LAW_ENFORCEMENT_LIAISON] as const;

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

export const emailAddress = z
  .string()
  .trim()
  .max(254, "must be at most 254 characters")
  .pipe(z.email("must be an e-mail address"))
  // One address, one spelling: uniqueness is checked on the lower-case form.
  .transform((email) => email.toLowerCase());

/**
 * The identity provider's `sub`, exactly as its tokens carry it: no trimming, no whitespace or
 * control characters. The client-id prefix is reserved, so that no member can ever answer for
 * a partner-app client's tokens.
 */
export const subject = z
  .string()
  .min(1, "must not be empty")
  .max(255, "must be at most 255 characters")
  .regex(/^[^\s\p{C}]+$/u, "must not contain spaces or control characters")
  .refine((s) => !s.startsWith(CLIENT_ID_PREFIX), `must not start with ${CLIENT_ID_PREFIX} (reserved for partner-app clients)`);

const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ().-]{2,38}$/, "must be a phone number (digits, spaces, + ( ) . -)");

const website = z
  .string()
  .trim()
  .max(300, "must be at most 300 characters")
  .pipe(z.url({ protocol: /^https$/, error: "must be an https:// URL" }));

const distinct = <T>(values: readonly T[]) => new Set(values).size === values.length;

const memberFields = {
  displayName: text(120),
  email: emailAddress,
  subject,
};

export const onboardOrganizationSchema = z
  .object({
    name: text(200),
    kind: z.enum(ONBOARDABLE_KINDS, { error: `must be one of ${ONBOARDABLE_KINDS.join(", ")}` }),
    jurisdiction: text(120),
    languages: z.array(languageTag).min(1, "name at least one language").max(20).refine(distinct, "must not repeat a language"),
    contactEmail: emailAddress.nullish(),
    contactPhone: phone.nullish(),
    website: website.nullish(),
    firstAdmin: z.object(memberFields).strict(),
  })
  .strict();
export type OnboardOrganizationValue = z.infer<typeof onboardOrganizationSchema>;

/** The roles an organisation admin may give a member of an organisation of this kind. */
export function assignableRoles(kind: OrganizationKind | null): readonly string[] {
  return kind === OrganizationKind.LAW_ENFORCEMENT_LIAISON ? ["CASEWORKER", "ORG_ADMIN", "LIAISON_OFFICER"] : ["CASEWORKER", "ORG_ADMIN"];
}

/**
 * Roles, as an admin of an organisation of `kind` may give them. NETWORK_STEWARD is never given
 * through the API (it reads every organisation's audit trail); LIAISON_OFFICER only within a
 * law-enforcement liaison unit.
 */
export function rolesSchema(kind: OrganizationKind | null) {
  const allowed = assignableRoles(kind);
  return z
    .array(z.string())
    .min(1, "give at least one role")
    .max(allowed.length)
    .refine(distinct, "must not repeat a role")
    .superRefine((roles, ctx) => {
      roles.forEach((role, index) => {
        if (allowed.includes(role)) return;
        const message =
          role === "NETWORK_STEWARD"
            ? "NETWORK_STEWARD cannot be given by an organisation admin"
            : role === "LIAISON_OFFICER"
              ? "LIAISON_OFFICER is only for members of a law-enforcement liaison organisation"
              : `must be one of ${allowed.join(", ")}`;
        ctx.addIssue({ code: "custom", message, path: [index] });
      });
    })
    .transform((roles) => roles as ("CASEWORKER" | "ORG_ADMIN" | "LIAISON_OFFICER")[]);
}

export function inviteMemberSchema(kind: OrganizationKind | null) {
  return z.object({ ...memberFields, roles: rolesSchema(kind) }).strict();
}

export function setMemberRolesSchema(kind: OrganizationKind | null) {
  return z.object({ id: z.uuid("must be a UUID"), roles: rolesSchema(kind) }).strict();
}

export const createApiClientSchema = z.object({ name: text(120) }).strict();

export const revokeApiClientSchema = z.object({ id: z.uuid("must be a UUID"), reason: text(1_000) }).strict();
