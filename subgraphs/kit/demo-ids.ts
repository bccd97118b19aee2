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
} as const;

export const DEMO_MEMBERS = {
  harborCaseworker: id(201),
  harborAdmin: id(202),
  northstarCaseworker: id(203),
  legalAidCaseworker: id(211),
  clinicAdmin: id(212),
  cityLiaisonOfficer: id(221),
  countyLiaisonOfficer: id(222),
} as const;

export const DEMO_SURVIVORS = {
  aster: id(301),
  birch: id(302),
  cedar: id(303),
  dahlia: id(304),
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

export const demoId = id;
