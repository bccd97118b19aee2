import type { Prisma } from "../../prisma/shelters/generated/client.js";
import { DEMO_MEMBERS, DEMO_ORGS, DEMO_PROFILES, DEMO_SERVICES, DEMO_SURVIVORS, demoId } from "../../vocabulary/demoIds.js";
import type { SheltersDb } from "./db.js";

// Invented demo data only: "(demo)" names, fictional places, 555-01xx phone numbers.

const PROGRAMS: Prisma.ShelterProgramCreateManyInput[] = [
  {
    id: DEMO_SERVICES.harborEmergency,
    organizationId: DEMO_ORGS.harborLight,
    name: "Harbor Light Emergency Beds (demo)",
    description: "Short-stay emergency beds with 24-hour staff.",
    eligibilityDescription: "Adult women and non-binary adults who have left a trafficking situation; no ID required.",
    languages: ["en", "es"],
    populationsServed: ["ADULT_WOMEN", "NONBINARY_ADULTS", "LGBTQ_PLUS"],
    accessibility: "Step-free entrance; two accessible rooms.",
    bedsAvailable: 3,
    bedsTotal: 12,
    confidentialSite: true,
    addressLine: "1 Invented Lane (demo)",
    city: "Demo City",
    region: "Demo State",
    postalCode: "00001",
    country: "US",
  },
  {
    id: DEMO_SERVICES.harborTransitional,
    organizationId: DEMO_ORGS.harborLight,
    name: "Harbor Light Transitional Housing (demo)",
    description: "Up to 18 months of housing with case management.",
    eligibilityDescription: "Referral from a partner caseworker.",
    languages: ["en"],
    populationsServed: ["ADULT_WOMEN", "FAMILIES_WITH_CHILDREN"],
    accessibility: "Upper floors reachable by lift.",
    bedsAvailable: 0,
    bedsTotal: 8,
    confidentialSite: true,
    addressLine: "2 Invented Lane (demo)",
    city: "Demo City",
    region: "Demo State",
    postalCode: "00001",
    country: "US",
  },
  {
    id: DEMO_SERVICES.northstarFamily,
    organizationId: DEMO_ORGS.northstar,
    name: "Northstar Family Rooms (demo)",
    description: "Family rooms for parents with children.",
    eligibilityDescription: "Families with children under 18.",
    languages: ["en", "tl", "vi"],
    populationsServed: ["FAMILIES_WITH_CHILDREN"],
    accessibility: null,
    bedsAvailable: 5,
    bedsTotal: 10,
    confidentialSite: false,
    addressLine: "300 Example Avenue (demo)",
    city: "Demo County Town",
    region: "Demo State",
    postalCode: "00002",
    country: "US",
  },
  {
    id: DEMO_SERVICES.northstarYouth,
    organizationId: DEMO_ORGS.northstar,
    name: "Northstar Youth Haven (demo)",
    description: "Beds for unaccompanied minors with guardianship support.",
    eligibilityDescription: "Young people aged 12 to 17.",
    languages: ["en", "vi"],
    populationsServed: ["UNACCOMPANIED_MINORS"],
    accessibility: "Ground-floor rooms.",
    bedsAvailable: 1,
    bedsTotal: 6,
    confidentialSite: true,
    addressLine: "4 Invented Court (demo)",
    city: "Demo County Town",
    region: "Demo State",
    postalCode: "00002",
    country: "US",
  },
];

/** Bed labels per programme, as many as its bedsTotal. */
const BED_LABELS: Record<string, string[]> = {
  [DEMO_SERVICES.harborEmergency]: Array.from({ length: 12 }, (_, i) => `Room ${Math.floor(i / 2) + 1}, bed ${i % 2 === 0 ? "A" : "B"} (demo)`),
  [DEMO_SERVICES.harborTransitional]: Array.from({ length: 8 }, (_, i) => `Flat ${Math.floor(i / 2) + 1}, room ${i % 2 === 0 ? "A" : "B"} (demo)`),
  [DEMO_SERVICES.northstarFamily]: Array.from({ length: 10 }, (_, i) => `Family room ${String(i + 1).padStart(2, "0")} (demo)`),
  [DEMO_SERVICES.northstarYouth]: Array.from({ length: 6 }, (_, i) => `Youth room ${i + 1} (demo)`),
};

/** Residents who hold a bed and whom the network knows: the seeded resident profiles. */
const KNOWN_RESIDENTS: Record<string, Record<string, string>> = {
  // Aster's resident profile says "room 3".
  [DEMO_SERVICES.harborEmergency]: { "Room 3, bed A (demo)": DEMO_SURVIVORS.aster },
  [DEMO_SERVICES.northstarFamily]: { "Family room 01 (demo)": DEMO_SURVIVORS.birch },
};

const CASEWORKER_OF: Record<string, string> = {
  [DEMO_ORGS.harborLight]: DEMO_MEMBERS.harborCaseworker,
  [DEMO_ORGS.northstar]: DEMO_MEMBERS.northstarCaseworker,
};

/**
 * One bed per place of each programme, and a confirmed intake on as many of them as are taken
 * (bedsTotal − bedsAvailable), so that occupancy and the capacity the directory shows agree. The
 * intakes stand for residents placed before the demo begins: their referral ids (and, but for the
 * seeded resident profiles, their survivor ids) are invented and unknown to the network.
 */
async function seedBeds(db: SheltersDb): Promise<void> {
  const beds: Prisma.BedCreateManyInput[] = [];
  const intakes: Prisma.ShelterIntakeCreateManyInput[] = [];
  PROGRAMS.forEach((program, p) => {
    const taken = program.bedsTotal - program.bedsAvailable;
    BED_LABELS[program.id]!.forEach((label, b) => {
      const n = p * 100 + b + 1;
      const bed = { id: demoId(800_000 + n), programId: program.id, label };
      beds.push(bed);
      if (b >= taken) return;
      intakes.push({
        id: demoId(810_000 + n),
        referralId: demoId(820_000 + n),
        programId: program.id,
        organizationId: program.organizationId,
        survivorId: KNOWN_RESIDENTS[program.id]?.[label] ?? demoId(830_000 + n),
        bedId: bed.id,
        status: "CONFIRMED",
        acceptedByMemberId: CASEWORKER_OF[program.organizationId]!,
      });
    });
  });
  await db.bed.createMany({ skipDuplicates: true, data: beds });
  await db.shelterIntake.createMany({ skipDuplicates: true, data: intakes });
}

export async function seedShelters(db: SheltersDb): Promise<void> {
  await db.shelterProgram.createMany({ skipDuplicates: true, data: PROGRAMS });
  await seedBeds(db);
  await db.schedule.createMany({
    skipDuplicates: true,
    data: [
      {
        id: demoId(601),
        serviceId: DEMO_SERVICES.harborEmergency,
        byDay: ["MO", "TU", "WE", "TH", "FR", "SA", "SU"],
        opensAt: "00:00",
        closesAt: "23:59",
        description: "Intake around the clock.",
      },
      { id: demoId(602), serviceId: DEMO_SERVICES.harborTransitional, byDay: ["MO", "WE", "FR"], opensAt: "09:00", closesAt: "17:00", description: null },
      { id: demoId(603), serviceId: DEMO_SERVICES.northstarFamily, byDay: ["MO", "TU", "WE", "TH", "FR"], opensAt: "08:00", closesAt: "20:00", description: null },
      {
        id: demoId(604),
        serviceId: DEMO_SERVICES.northstarYouth,
        byDay: ["MO", "TU", "WE", "TH", "FR", "SA", "SU"],
        opensAt: "00:00",
        closesAt: "23:59",
        description: "Call ahead.",
      },
    ],
  });
  await db.residentProfile.createMany({
    skipDuplicates: true,
    data: [
      {
        id: DEMO_PROFILES.asterResident,
        survivorId: DEMO_SURVIVORS.aster,
        organizationId: DEMO_ORGS.harborLight,
        programId: DEMO_SERVICES.harborEmergency,
        legalName: "Invented Person Aster (demo)",
        dateOfBirth: new Date("1990-01-01"),
        phone: "+1-555-0150",
        currentLocation: "Harbor Light Emergency Beds (demo), room 3",
        healthNeeds: "Invented: needs a follow-up clinic appointment.",
      },
      {
        id: DEMO_PROFILES.birchResident,
        survivorId: DEMO_SURVIVORS.birch,
        organizationId: DEMO_ORGS.northstar,
        programId: DEMO_SERVICES.northstarFamily,
        legalName: "Invented Person Birch (demo)",
        dateOfBirth: new Date("1985-06-15"),
        phone: "+1-555-0151",
        currentLocation: "Northstar Family Rooms (demo)",
        healthNeeds: null,
      },
    ],
  });
}
