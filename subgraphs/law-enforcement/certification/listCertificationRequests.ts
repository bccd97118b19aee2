import { GraphQLError } from "graphql";
import type { Prisma } from "../../../prisma/law-enforcement/generated/client.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { encodeCursor, pageArgs, type Connection } from "../../kit/pagination.js";
import { validateInput } from "../../kit/validation.js";
import type { LawEnforcementDb } from "../context.js";
import type { CertificationRequest, CertificationRequestFilter } from "../entities/CertificationRequest.js";
import { filterSchema } from "./certificationInput.js";
import { partyRequests } from "./partyRequests.js";
import { toCertificationRequest } from "./toCertificationRequest.js";

function filterWhere(filter: CertificationRequestFilter | null | undefined): Prisma.CertificationRequestWhereInput {
  const valid = validateInput(filterSchema, { ...filter }, "filter");
  return {
    ...(valid.statuses?.length ? { status: { in: valid.statuses } } : {}),
    ...(valid.dueBefore ? { dueDate: { lt: new Date(`${valid.dueBefore}T00:00:00Z`) } } : {}),
  };
}

/**
 * One page of the requests the caller's organisation is a party to (as requester or as the liaison
 * organisation), newest first by (createdAt, id) descending; the cursor holds both.
 */
export async function listCertificationRequests(
  db: LawEnforcementDb,
  organizationId: string,
  filter: CertificationRequestFilter | null,
  first: number | null,
  after: string | null,
): Promise<Connection<CertificationRequest>> {
  const where: Prisma.CertificationRequestWhereInput = { AND: [partyRequests(organizationId), filterWhere(filter)] };
  const page = pageArgs(first, after);
  const cursor = page.after;
  if (cursor && Number.isNaN(Date.parse(cursor.k))) {
    throw new GraphQLError("The `after` cursor is not one this API issued", { extensions: { code: ERROR_CODES.BAD_USER_INPUT, argumentName: "after" } });
  }
  const before: Prisma.CertificationRequestWhereInput = cursor ? { OR: [{ createdAt: { lt: new Date(cursor.k) } }, { createdAt: new Date(cursor.k), id: { lt: cursor.id } }] } : {};
  const [rows, totalCount] = await Promise.all([
    db.certificationRequest.findMany({ where: { AND: [where, before] }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: page.first + 1 }),
    db.certificationRequest.count({ where }),
  ]);
  const nodes = rows.slice(0, page.first).map(toCertificationRequest);
  const last = nodes.at(-1);
  return {
    edges: nodes.map((node) => ({ cursor: encodeCursor(node.createdAt.toISOString(), node.id), node })),
    pageInfo: { hasNextPage: rows.length > page.first, endCursor: last ? encodeCursor(last.createdAt.toISOString(), last.id) : null },
    totalCount,
  };
}
