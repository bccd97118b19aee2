/** What kind of partner an organisation is. */
export const OrganizationKind = {
  SHELTER: "SHELTER",
  LEGAL_AID: "LEGAL_AID",
  LAW_ENFORCEMENT_LIAISON: "LAW_ENFORCEMENT_LIAISON",
  NETWORK_COORDINATOR: "NETWORK_COORDINATOR",
} as const;
export type OrganizationKind = (typeof OrganizationKind)[keyof typeof OrganizationKind];
