/**
 * Prisma `where` for the requests an organisation is a party to: as the requester or as the liaison
 * organisation. Every read of requests goes through it; to anyone else a request does not exist.
 */
export function partyRequests(organizationId: string) {
  return { OR: [{ requestingOrganizationId: organizationId }, { liaisonOrganizationId: organizationId }] };
}
