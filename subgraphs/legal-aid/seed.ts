import { DEMO_ORGS, DEMO_PROFILES, DEMO_SERVICES, DEMO_SURVIVORS, demoId } from "../../vocabulary/demoIds.js";
import type { LegalAidDb } from "./context.js";

// Invented demo data only: "(demo)" names, fictional places.
export async function seedLegalAid(db: LegalAidDb): Promise<void> {
  await seedLegalServices(db);
  await seedSchedulesAndProfiles(db);
}

/** The demo legal services. */
async function seedLegalServices(db: LegalAidDb): Promise<void> {
  await db.legalService.createMany({
    skipDuplicates: true,
    data: [
      {
        id: DEMO_SERVICES.legalAidImmigration,
        organizationId: DEMO_ORGS.fictionalLegalAid,
        name: "Immigration Relief for Survivors (demo)",
        description: "T and U visa applications and continued presence.",
        eligibilityDescription: "Survivors of trafficking of any nationality; free of charge.",
        languages: ["en", "es", "pt"],
        populationsServed: ["ADULT_WOMEN", "ADULT_MEN", "NONBINARY_ADULTS", "LGBTQ_PLUS"],
        practiceAreas: ["T_VISA", "U_VISA", "ASYLUM"],
        intakeAvailable: 4,
        intakeMaximum: 10,
        waitlistWeeks: 2,
        city: "Demo City",
        region: "Demo State",
        country: "US",
      },
      {
        id: DEMO_SERVICES.legalAidVacatur,
        organizationId: DEMO_ORGS.fictionalLegalAid,
        name: "Criminal Record Relief (demo)",
        description: "Vacatur of convictions that arose from being trafficked.",
        eligibilityDescription: "Survivors with convictions in Demo State.",
        languages: ["en", "es"],
        populationsServed: ["ADULT_WOMEN", "ADULT_MEN", "NONBINARY_ADULTS"],
        practiceAreas: ["VACATUR", "CIVIL_REMEDIES"],
        intakeAvailable: 0,
        intakeMaximum: 5,
        waitlistWeeks: 8,
        city: "Demo City",
        region: "Demo State",
        country: "US",
      },
      {
        id: DEMO_SERVICES.clinicFamilyLaw,
        organizationId: DEMO_ORGS.exampleJusticeClinic,
        name: "Family and Custody Clinic (demo)",
        description: "Custody, protection orders and family law.",
        eligibilityDescription: "Survivors with children; minors through a guardian.",
        languages: ["en", "zh", "ko"],
        populationsServed: ["FAMILIES_WITH_CHILDREN", "UNACCOMPANIED_MINORS"],
        practiceAreas: ["FAMILY_LAW", "U_VISA"],
        intakeAvailable: 2,
        intakeMaximum: 6,
        waitlistWeeks: 1,
        city: "Demo City",
        region: "Demo State",
        country: "US",
      },
    ],
  });
}

/** Their opening hours, and a legal profile of a demo survivor. */
async function seedSchedulesAndProfiles(db: LegalAidDb): Promise<void> {
  await db.schedule.createMany({
    skipDuplicates: true,
    data: [
      {
        id: demoId(611),
        serviceId: DEMO_SERVICES.legalAidImmigration,
        byDay: ["TU", "TH"],
        opensAt: "10:00",
        closesAt: "16:00",
        description: "Walk-in intake; interpreters on request.",
      },
      { id: demoId(612), serviceId: DEMO_SERVICES.legalAidVacatur, byDay: ["WE"], opensAt: "13:00", closesAt: "17:00", description: null },
      { id: demoId(613), serviceId: DEMO_SERVICES.clinicFamilyLaw, byDay: ["MO", "TU", "WE", "TH", "FR"], opensAt: "09:00", closesAt: "17:00", description: null },
    ],
  });
  await db.legalProfile.createMany({
    skipDuplicates: true,
    data: [
      {
        id: DEMO_PROFILES.asterLegal,
        survivorId: DEMO_SURVIVORS.aster,
        organizationId: DEMO_ORGS.fictionalLegalAid,
        immigrationStatus: "Invented: T visa application pending (demo)",
        countryOfOrigin: "ZZ",
        caseStage: "FILED",
      },
      {
        id: DEMO_PROFILES.cedarLegal,
        survivorId: DEMO_SURVIVORS.cedar,
        organizationId: DEMO_ORGS.fictionalLegalAid,
        immigrationStatus: "Invented: no status (demo)",
        countryOfOrigin: "ZZ",
        caseStage: "CONSULTATION",
      },
    ],
  });
}
