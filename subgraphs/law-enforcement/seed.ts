import { DEMO_ORGS, DEMO_PROFILES, DEMO_SERVICES, DEMO_SURVIVORS, demoId } from "../../vocabulary/demoIds.js";
import type { LawEnforcementDb } from "./context.js";

// Invented demo data only: "(demo)" names, fictional places, 555-01xx phone numbers.
export async function seedLawEnforcement(db: LawEnforcementDb): Promise<void> {
  await db.liaisonUnit.createMany({
    skipDuplicates: true,
    data: [
      {
        id: DEMO_SERVICES.cityLiaison,
        organizationId: DEMO_ORGS.demoCityLiaison,
        name: "Demo City Victim Services Liaison (demo)",
        description: "Victim-certification requests and safe contact with investigators.",
        eligibilityDescription: "Survivors and their advocates in Demo City.",
        jurisdiction: "Demo City",
        languages: ["en", "es"],
        populationsServed: ["ADULT_WOMEN", "ADULT_MEN", "NONBINARY_ADULTS", "UNACCOMPANIED_MINORS"],
        acceptingReferrals: true,
        contactName: "Victim Services Desk (demo)",
        contactPhone: "+1-555-0131",
        contactEmail: "desk@demo-city-pd.example.org",
        city: "Demo City",
        region: "Demo State",
        country: "US",
      },
      {
        id: DEMO_SERVICES.countyLiaison,
        organizationId: DEMO_ORGS.demoCountyLiaison,
        name: "Demo County Survivor Liaison (demo)",
        description: "Liaison for survivors in the county.",
        eligibilityDescription: "Survivors in Demo County.",
        jurisdiction: "Demo County",
        languages: ["en"],
        populationsServed: ["ADULT_WOMEN", "ADULT_MEN"],
        acceptingReferrals: false,
        contactName: "Liaison Office (demo)",
        contactPhone: "+1-555-0132",
        contactEmail: "office@demo-county.example.org",
        city: "Demo County Town",
        region: "Demo State",
        country: "US",
      },
    ],
  });
  await db.schedule.createMany({
    skipDuplicates: true,
    data: [
      {
        id: demoId(621),
        serviceId: DEMO_SERVICES.cityLiaison,
        byDay: ["MO", "TU", "WE", "TH", "FR"],
        opensAt: "08:00",
        closesAt: "18:00",
        description: "Out of hours: the city's on-call line.",
      },
      { id: demoId(622), serviceId: DEMO_SERVICES.countyLiaison, byDay: ["MO", "WE", "FR"], opensAt: "09:00", closesAt: "15:00", description: null },
    ],
  });
  await db.liaisonProfile.createMany({
    skipDuplicates: true,
    data: [
      {
        id: DEMO_PROFILES.asterLiaison,
        survivorId: DEMO_SURVIVORS.aster,
        organizationId: DEMO_ORGS.demoCityLiaison,
        caseNumber: "DEMO-0000-001",
        certificationStatus: "UNDER_REVIEW",
      },
    ],
  });
}
