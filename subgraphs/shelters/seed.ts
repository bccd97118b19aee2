import { DEMO_ORGS, DEMO_PROFILES, DEMO_SERVICES, DEMO_SURVIVORS, demoId } from "../kit/demo-ids.js";
import type { SheltersDb } from "./context.js";

// Invented demo data only: "(demo)" names, fictional places, 555-01xx phone numbers.
export async function seedShelters(db: SheltersDb): Promise<void> {
  await db.shelterProgram.createMany({
    skipDuplicates: true,
    data: [
      {
        id: DEMO_SERVICES.harborEmergency, organizationId: DEMO_ORGS.harborLight, name: "Harbor Light Emergency Beds (demo)",
        description: "Short-stay emergency beds with 24-hour staff.", eligibilityDescription: "Adult women and non-binary adults who have left a trafficking situation; no ID required.",
        languages: ["en", "es"], populationsServed: ["ADULT_WOMEN", "NONBINARY_ADULTS", "LGBTQ_PLUS"], accessibility: "Step-free entrance; two accessible rooms.",
        bedsAvailable: 3, bedsTotal: 12, confidentialSite: true, addressLine: "1 Invented Lane (demo)", city: "Demo City", region: "Demo State", postalCode: "00001", country: "US",
      },
      {
        id: DEMO_SERVICES.harborTransitional, organizationId: DEMO_ORGS.harborLight, name: "Harbor Light Transitional Housing (demo)",
        description: "Up to 18 months of housing with case management.", eligibilityDescription: "Referral from a partner caseworker.",
        languages: ["en"], populationsServed: ["ADULT_WOMEN", "FAMILIES_WITH_CHILDREN"], accessibility: "Upper floors reachable by lift.",
        bedsAvailable: 0, bedsTotal: 8, confidentialSite: true, addressLine: "2 Invented Lane (demo)", city: "Demo City", region: "Demo State", postalCode: "00001", country: "US",
      },
      {
        id: DEMO_SERVICES.northstarFamily, organizationId: DEMO_ORGS.northstar, name: "Northstar Family Rooms (demo)",
        description: "Family rooms for parents with children.", eligibilityDescription: "Families with children under 18.",
        languages: ["en", "tl", "vi"], populationsServed: ["FAMILIES_WITH_CHILDREN"], accessibility: null,
        bedsAvailable: 5, bedsTotal: 10, confidentialSite: false, addressLine: "300 Example Avenue (demo)", city: "Demo County Town", region: "Demo State", postalCode: "00002", country: "US",
      },
      {
        id: DEMO_SERVICES.northstarYouth, organizationId: DEMO_ORGS.northstar, name: "Northstar Youth Haven (demo)",
        description: "Beds for unaccompanied minors with guardianship support.", eligibilityDescription: "Young people aged 12 to 17.",
        languages: ["en", "vi"], populationsServed: ["UNACCOMPANIED_MINORS"], accessibility: "Ground-floor rooms.",
        bedsAvailable: 1, bedsTotal: 6, confidentialSite: true, addressLine: "4 Invented Court (demo)", city: "Demo County Town", region: "Demo State", postalCode: "00002", country: "US",
      },
    ],
  });
  await db.schedule.createMany({
    skipDuplicates: true,
    data: [
      { id: demoId(601), serviceId: DEMO_SERVICES.harborEmergency, byDay: ["MO", "TU", "WE", "TH", "FR", "SA", "SU"], opensAt: "00:00", closesAt: "23:59", description: "Intake around the clock." },
      { id: demoId(602), serviceId: DEMO_SERVICES.harborTransitional, byDay: ["MO", "WE", "FR"], opensAt: "09:00", closesAt: "17:00", description: null },
      { id: demoId(603), serviceId: DEMO_SERVICES.northstarFamily, byDay: ["MO", "TU", "WE", "TH", "FR"], opensAt: "08:00", closesAt: "20:00", description: null },
      { id: demoId(604), serviceId: DEMO_SERVICES.northstarYouth, byDay: ["MO", "TU", "WE", "TH", "FR", "SA", "SU"], opensAt: "00:00", closesAt: "23:59", description: "Call ahead." },
    ],
  });
  await db.residentProfile.createMany({
    skipDuplicates: true,
    data: [
      {
        id: DEMO_PROFILES.asterResident, survivorId: DEMO_SURVIVORS.aster, organizationId: DEMO_ORGS.harborLight, programId: DEMO_SERVICES.harborEmergency,
        legalName: "Invented Person Aster (demo)", dateOfBirth: new Date("1990-01-01"), phone: "+1-555-0150", currentLocation: "Harbor Light Emergency Beds (demo), room 3", healthNeeds: "Invented: needs a follow-up clinic appointment.",
      },
      {
        id: DEMO_PROFILES.birchResident, survivorId: DEMO_SURVIVORS.birch, organizationId: DEMO_ORGS.northstar, programId: DEMO_SERVICES.northstarFamily,
        legalName: "Invented Person Birch (demo)", dateOfBirth: new Date("1985-06-15"), phone: "+1-555-0151", currentLocation: "Northstar Family Rooms (demo)", healthNeeds: null,
      },
    ],
  });
}
