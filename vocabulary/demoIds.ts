// Fixed ids of the invented demo records, shared by the seeds of every subgraph so that a
// shelter's resident profile points at a survivor the network subgraph knows. Every name,
// address and number in the demo data is invented (example.org, 555 numbers, "(demo)").
const id = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, "0")}`;

export const DEMO_ORGS = {
  harborLight: id(101),
  northstar: id(102),
  fictionalLegalAid: id(111),
  exampleJusticeClinic: id(112),
  demoCityLiaison: id(121),
  demoCountyLiaison: id(122),
  networkCoordination: id(131),
} as const;

/** The demo organisations' names, as the network's seed writes them and `npm run token` lists them. */
export const DEMO_ORG_NAMES: Readonly<Record<keyof typeof DEMO_ORGS, string>> = {
  harborLight: "Harbor Light Shelter (demo)",
  northstar: "Northstar Safe House (demo)",
  fictionalLegalAid: "Fictional Legal Aid Collective (demo)",
  exampleJusticeClinic: "Example Immigrant Justice Clinic (demo)",
  demoCityLiaison: "Demo City Police Victim Services Liaison (demo)",
  demoCountyLiaison: "Demo County Sheriff Liaison Unit (demo)",
  networkCoordination: "Demo Referral Network Coordination (demo)",
};

export const DEMO_MEMBERS = {
  harborCaseworker: id(201),
  harborAdmin: id(202),
  northstarCaseworker: id(203),
  northstarAdmin: id(204),
  legalAidCaseworker: id(211),
  clinicAdmin: id(212),
  legalAidAdmin: id(213),
  cityLiaisonOfficer: id(221),
  countyLiaisonOfficer: id(222),
  cityLiaisonAdmin: id(223),
  countyLiaisonAdmin: id(224),
  networkSteward: id(241),
} as const;

export const DEMO_SURVIVORS = {
  aster: id(301),
  birch: id(302),
  cedar: id(303),
  dahlia: id(304),
  elm: id(305),
} as const;

export const DEMO_SERVICES = {
  harborEmergency: id(401),
  harborTransitional: id(402),
  northstarFamily: id(403),
  northstarYouth: id(404),
  legalAidImmigration: id(411),
  legalAidVacatur: id(412),
  clinicFamilyLaw: id(413),
  cityLiaison: id(421),
  countyLiaison: id(422),
} as const;

export const DEMO_PROFILES = {
  asterResident: id(501),
  birchResident: id(502),
  asterLegal: id(511),
  cedarLegal: id(512),
  asterLiaison: id(521),
} as const;

export const DEMO_CLIENTS = {
  harborDirectoryApp: id(231),
  legalAidIntakeApp: id(232),
} as const;

export const DEMO_AGREEMENTS = {
  harborToLegalAid: id(701),
  cityLiaisonToHarbor: id(702),
} as const;

export const demoId = id;

/**
 * Who can sign in on the demo network, with the organisation and roles their member record
 * gives them. The development token command and the network seed both read this table; the
 * subject (the identity provider's `sub`) of a seeded member or client is its id.
 */
export const DEMO_PRINCIPALS = [
  { key: "harbor-caseworker", kind: "member", id: DEMO_MEMBERS.harborCaseworker, organizationId: DEMO_ORGS.harborLight, roles: ["CASEWORKER"] },
  { key: "harbor-admin", kind: "member", id: DEMO_MEMBERS.harborAdmin, organizationId: DEMO_ORGS.harborLight, roles: ["ORG_ADMIN"] },
  { key: "northstar-caseworker", kind: "member", id: DEMO_MEMBERS.northstarCaseworker, organizationId: DEMO_ORGS.northstar, roles: ["CASEWORKER"] },
  { key: "northstar-admin", kind: "member", id: DEMO_MEMBERS.northstarAdmin, organizationId: DEMO_ORGS.northstar, roles: ["ORG_ADMIN"] },
  { key: "legal-caseworker", kind: "member", id: DEMO_MEMBERS.legalAidCaseworker, organizationId: DEMO_ORGS.fictionalLegalAid, roles: ["CASEWORKER"] },
  { key: "legal-admin", kind: "member", id: DEMO_MEMBERS.legalAidAdmin, organizationId: DEMO_ORGS.fictionalLegalAid, roles: ["ORG_ADMIN"] },
  { key: "clinic-admin", kind: "member", id: DEMO_MEMBERS.clinicAdmin, organizationId: DEMO_ORGS.exampleJusticeClinic, roles: ["ORG_ADMIN", "CASEWORKER"] },
  { key: "city-liaison", kind: "member", id: DEMO_MEMBERS.cityLiaisonOfficer, organizationId: DEMO_ORGS.demoCityLiaison, roles: ["LIAISON_OFFICER"] },
  { key: "county-liaison", kind: "member", id: DEMO_MEMBERS.countyLiaisonOfficer, organizationId: DEMO_ORGS.demoCountyLiaison, roles: ["LIAISON_OFFICER"] },
  { key: "city-liaison-admin", kind: "member", id: DEMO_MEMBERS.cityLiaisonAdmin, organizationId: DEMO_ORGS.demoCityLiaison, roles: ["ORG_ADMIN"] },
  { key: "county-liaison-admin", kind: "member", id: DEMO_MEMBERS.countyLiaisonAdmin, organizationId: DEMO_ORGS.demoCountyLiaison, roles: ["ORG_ADMIN"] },
  { key: "steward", kind: "member", id: DEMO_MEMBERS.networkSteward, organizationId: DEMO_ORGS.networkCoordination, roles: ["NETWORK_STEWARD"] },
  { key: "harbor-app", kind: "client", id: DEMO_CLIENTS.harborDirectoryApp, organizationId: DEMO_ORGS.harborLight, roles: ["PARTNER_APP"] },
  { key: "legal-app", kind: "client", id: DEMO_CLIENTS.legalAidIntakeApp, organizationId: DEMO_ORGS.fictionalLegalAid, roles: ["PARTNER_APP"] },
] as const satisfies readonly {
  key: string;
  kind: "member" | "client";
  id: string;
  organizationId: string;
  roles: readonly string[];
}[];
