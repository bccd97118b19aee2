import { keysetPage, pageArgs } from "./pagination.js";
import type { Principal } from "../../vocabulary/principal.js";

/** Stands in for "no organisation" (the gateway's own system principal): it matches no row. */
export const NO_ORGANIZATION = "00000000-0000-0000-0000-000000000000";

/** Prisma `where` for rows owned by the caller's own organisation. */
export function ownOrganization(principal: Principal): { organizationId: string } {
  return { organizationId: principal.organizationId ?? NO_ORGANIZATION };
}

/** One page (by id) of the rows the caller's own organisation holds: partner subgraphs' root lists. */
export function ownOrganizationPage<Row extends { id: string }>(
  principal: Principal,
  first: number | null,
  after: string | null,
  findMany: (query: { where: object; orderBy: object[]; take: number }) => Promise<Row[]>,
  count: (query: { where: object }) => Promise<number>,
) {
  const where = ownOrganization(principal);
  return keysetPage(
    pageArgs(first, after),
    "id",
    ({ after: afterCondition, orderBy, take }) => findMany({ where: { AND: [where, afterCondition ?? {}] }, orderBy, take }),
    () => count({ where }),
  );
}
