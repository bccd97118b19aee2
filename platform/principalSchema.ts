import { z } from "zod";
import { OrganizationKind } from "../vocabulary/organizations.js";
import { PURPOSES, type Principal, ROLES } from "../vocabulary/principal.js";

/** The forwarded principal as the subgraphs validate it (the shape is vocabulary/principal.ts's `Principal`). */
export const principalSchema = z.object({
  kind: z.enum(["member", "client", "system"]),
  id: z.string().min(1).max(255),
  organizationId: z.uuid().nullable(),
  organizationKind: z.enum(OrganizationKind).nullable(),
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  purpose: z.enum(PURPOSES).nullable(),
});
// The schema and the vocabulary's type must describe the same thing, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const principalShapesAgree: Same<z.infer<typeof principalSchema>, Principal> = true;
void principalShapesAgree;
