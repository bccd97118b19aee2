import { DEMO_AGREEMENTS, DEMO_CLIENTS, DEMO_MEMBERS, DEMO_ORG_NAMES, DEMO_ORGS, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import type { Prisma } from "../../prisma/network/generated/client.js";
import type { NetworkDb } from "./db.js";

// Invented demo data. Names carry "(demo)", addresses are example.org, phone numbers are in
// the 555-01xx range reserved for fiction. Inserted only where missing, so a second start, or
// an admin's later edit, is never overwritten.
export async function seedNetwork(db: NetworkDb): Promise<void> {
  await seedOrganizations(db);
  await seedMembers(db);
  await seedApiClients(db);
  await seedAgreements(db);
  await seedSurvivors(db);
}

/** The demo organisations. */
async function seedOrganizations(db: NetworkDb): Promise<void> {
  await db.organization.createMany({
    skipDuplicates: true,
    data: [
      {
        id: DEMO_ORGS.harborLight,
        name: DEMO_ORG_NAMES.harborLight,
        kind: "SHELTER",
        jurisdiction: "Demo City",
        languages: ["en", "es"],
        contactEmail: "intake@harbor-light.example.org",
        contactPhone: "+1-555-0101",
      },
      {
        id: DEMO_ORGS.northstar,
        name: DEMO_ORG_NAMES.northstar,
        kind: "SHELTER",
        jurisdiction: "Demo County",
        languages: ["en", "tl", "vi"],
        contactEmail: "hello@northstar.example.org",
        contactPhone: "+1-555-0102",
      },
      {
        id: DEMO_ORGS.fictionalLegalAid,
        name: DEMO_ORG_NAMES.fictionalLegalAid,
        kind: "LEGAL_AID",
        jurisdiction: "Demo State",
        languages: ["en", "es", "pt"],
        contactEmail: "clinic@fictional-legal.example.org",
        contactPhone: "+1-555-0111",
      },
      {
        id: DEMO_ORGS.exampleJusticeClinic,
        name: DEMO_ORG_NAMES.exampleJusticeClinic,
        kind: "LEGAL_AID",
        jurisdiction: "Demo City",
        languages: ["en", "zh", "ko"],
        contactEmail: "intake@justice-clinic.example.org",
        contactPhone: "+1-555-0112",
      },
      {
        id: DEMO_ORGS.demoCityLiaison,
        name: DEMO_ORG_NAMES.demoCityLiaison,
        kind: "LAW_ENFORCEMENT_LIAISON",
        jurisdiction: "Demo City",
        languages: ["en", "es"],
        contactEmail: "victim-services@demo-city-pd.example.org",
        contactPhone: "+1-555-0121",
      },
      {
        id: DEMO_ORGS.networkCoordination,
        name: DEMO_ORG_NAMES.networkCoordination,
        kind: "NETWORK_COORDINATOR",
        jurisdiction: "Demo State",
        languages: ["en"],
        contactEmail: "stewards@network.example.org",
        contactPhone: "+1-555-0131",
      },
      {
        id: DEMO_ORGS.demoCountyLiaison,
        name: DEMO_ORG_NAMES.demoCountyLiaison,
        kind: "LAW_ENFORCEMENT_LIAISON",
        jurisdiction: "Demo County",
        languages: ["en"],
        contactEmail: "liaison@demo-county.example.org",
        contactPhone: "+1-555-0122",
      },
    ],
  });
}

/** The demo members, one per role worth trying; their subjects are the development issuer's. */
const DEMO_MEMBER_ROWS: Prisma.MemberCreateManyInput[] = [
  {
    id: DEMO_MEMBERS.harborCaseworker,
    subject: DEMO_MEMBERS.harborCaseworker,
    organizationId: DEMO_ORGS.harborLight,
    displayName: "Casey Caseworker (demo)",
    email: "casey@harbor-light.example.org",
    roles: ["CASEWORKER"],
  },
  {
    id: DEMO_MEMBERS.harborAdmin,
    subject: DEMO_MEMBERS.harborAdmin,
    organizationId: DEMO_ORGS.harborLight,
    displayName: "Alex Admin (demo)",
    email: "alex@harbor-light.example.org",
    roles: ["ORG_ADMIN"],
  },
  {
    id: DEMO_MEMBERS.northstarCaseworker,
    subject: DEMO_MEMBERS.northstarCaseworker,
    organizationId: DEMO_ORGS.northstar,
    displayName: "Noor Caseworker (demo)",
    email: "noor@northstar.example.org",
    roles: ["CASEWORKER"],
  },
  {
    id: DEMO_MEMBERS.legalAidCaseworker,
    subject: DEMO_MEMBERS.legalAidCaseworker,
    organizationId: DEMO_ORGS.fictionalLegalAid,
    displayName: "Lee Attorney (demo)",
    email: "lee@fictional-legal.example.org",
    roles: ["CASEWORKER"],
  },
  {
    id: DEMO_MEMBERS.clinicAdmin,
    subject: DEMO_MEMBERS.clinicAdmin,
    organizationId: DEMO_ORGS.exampleJusticeClinic,
    displayName: "Jordan Admin (demo)",
    email: "jordan@justice-clinic.example.org",
    roles: ["ORG_ADMIN", "CASEWORKER"],
  },
  {
    id: DEMO_MEMBERS.cityLiaisonOfficer,
    subject: DEMO_MEMBERS.cityLiaisonOfficer,
    organizationId: DEMO_ORGS.demoCityLiaison,
    displayName: "Officer Sam Liaison (demo)",
    email: "sam@demo-city-pd.example.org",
    roles: ["LIAISON_OFFICER"],
  },
  {
    id: DEMO_MEMBERS.countyLiaisonOfficer,
    subject: DEMO_MEMBERS.countyLiaisonOfficer,
    organizationId: DEMO_ORGS.demoCountyLiaison,
    displayName: "Deputy Rowan Liaison (demo)",
    email: "rowan@demo-county.example.org",
    roles: ["LIAISON_OFFICER"],
  },
  // An admin for every organisation that had none, so that each can sign agreements and manage its members in the demo.
  {
    id: DEMO_MEMBERS.northstarAdmin,
    subject: DEMO_MEMBERS.northstarAdmin,
    organizationId: DEMO_ORGS.northstar,
    displayName: "Nia Admin (demo)",
    email: "nia@northstar.example.org",
    roles: ["ORG_ADMIN"],
  },
  {
    id: DEMO_MEMBERS.legalAidAdmin,
    subject: DEMO_MEMBERS.legalAidAdmin,
    organizationId: DEMO_ORGS.fictionalLegalAid,
    displayName: "Logan Admin (demo)",
    email: "logan@fictional-legal.example.org",
    roles: ["ORG_ADMIN"],
  },
  {
    id: DEMO_MEMBERS.cityLiaisonAdmin,
    subject: DEMO_MEMBERS.cityLiaisonAdmin,
    organizationId: DEMO_ORGS.demoCityLiaison,
    displayName: "Sergeant Quinn Admin (demo)",
    email: "quinn@demo-city-pd.example.org",
    roles: ["ORG_ADMIN"],
  },
  {
    id: DEMO_MEMBERS.countyLiaisonAdmin,
    subject: DEMO_MEMBERS.countyLiaisonAdmin,
    organizationId: DEMO_ORGS.demoCountyLiaison,
    displayName: "Deputy Avery Admin (demo)",
    email: "avery@demo-county.example.org",
    roles: ["ORG_ADMIN"],
  },
  {
    id: DEMO_MEMBERS.networkSteward,
    subject: DEMO_MEMBERS.networkSteward,
    organizationId: DEMO_ORGS.networkCoordination,
    displayName: "Sky Steward (demo)",
    email: "sky@network.example.org",
    roles: ["NETWORK_STEWARD"],
  },
];

/** The demo organisations' members, one per role worth trying (their subjects are the development issuer's). */
async function seedMembers(db: NetworkDb): Promise<void> {
  await db.member.createMany({ skipDuplicates: true, data: DEMO_MEMBER_ROWS });
}

/** Two partner apps, for the client-credentials tokens. */
async function seedApiClients(db: NetworkDb): Promise<void> {
  await db.apiClient.createMany({
    skipDuplicates: true,
    data: [
      { id: DEMO_CLIENTS.harborDirectoryApp, subject: DEMO_CLIENTS.harborDirectoryApp, organizationId: DEMO_ORGS.harborLight, name: "Harbor Light bed-finder app (demo)" },
      { id: DEMO_CLIENTS.legalAidIntakeApp, subject: DEMO_CLIENTS.legalAidIntakeApp, organizationId: DEMO_ORGS.fictionalLegalAid, name: "Legal aid intake kiosk (demo)" },
    ],
  });
}

/** Two active agreements, so that the consent rule has something to work with in the demo. */
async function seedAgreements(db: NetworkDb): Promise<void> {
  await db.agreement.createMany({
    skipDuplicates: true,
    data: [
      {
        id: DEMO_AGREEMENTS.harborToLegalAid,
        lineageId: DEMO_AGREEMENTS.harborToLegalAid,
        proposedByOrganizationId: DEMO_ORGS.harborLight,
        countersignedAt: new Date("2026-01-01T00:00:00Z"),
        fromOrganizationId: DEMO_ORGS.harborLight,
        toOrganizationId: DEMO_ORGS.fictionalLegalAid,
        bothWays: true,
        categories: ["IDENTITY", "CONTACT", "IMMIGRATION"],
        purposes: ["SERVICE_REFERRAL", "LEGAL_REPRESENTATION"],
        validFrom: new Date("2026-01-01T00:00:00Z"),
        validUntil: null,
        status: "ACTIVE",
        summary: "Invented demo agreement: shelter and legal aid share identity, contact and immigration data for referrals and representation.",
      },
      {
        id: DEMO_AGREEMENTS.cityLiaisonToHarbor,
        lineageId: DEMO_AGREEMENTS.cityLiaisonToHarbor,
        proposedByOrganizationId: DEMO_ORGS.demoCityLiaison,
        countersignedAt: new Date("2026-01-01T00:00:00Z"),
        fromOrganizationId: DEMO_ORGS.demoCityLiaison,
        toOrganizationId: DEMO_ORGS.harborLight,
        bothWays: false,
        // IDENTITY: the shelter must know whom the involvement is about (that a liaison profile exists at all).
        categories: ["IDENTITY", "CONTACT", "LAW_ENFORCEMENT"],
        purposes: ["SAFETY_PLANNING", "SERVICE_REFERRAL"],
        validFrom: new Date("2026-01-01T00:00:00Z"),
        validUntil: null,
        status: "ACTIVE",
        summary: "Invented demo agreement: the city liaison unit tells the shelter of law-enforcement involvement, with consent, for safety planning and referrals.",
      },
    ],
  });
}

async function seedSurvivors(db: NetworkDb): Promise<void> {
  await db.survivor.createMany({
    skipDuplicates: true,
    data: [
      { id: DEMO_SURVIVORS.aster, pseudonym: "Demo Survivor Aster", registeredByOrganizationId: DEMO_ORGS.harborLight },
      { id: DEMO_SURVIVORS.birch, pseudonym: "Demo Survivor Birch", registeredByOrganizationId: DEMO_ORGS.northstar },
      { id: DEMO_SURVIVORS.cedar, pseudonym: "Demo Survivor Cedar", registeredByOrganizationId: DEMO_ORGS.fictionalLegalAid },
      { id: DEMO_SURVIVORS.dahlia, pseudonym: "Demo Survivor Dahlia", registeredByOrganizationId: DEMO_ORGS.harborLight },
      { id: DEMO_SURVIVORS.elm, pseudonym: "Demo Survivor Elm", registeredByOrganizationId: DEMO_ORGS.demoCityLiaison },
    ],
  });
}
