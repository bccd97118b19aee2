import { DEMO_MEMBERS, DEMO_ORGS, demoId } from "../../vocabulary/demoIds.js";
import type { LawEnforcementDb } from "../../subgraphs/law-enforcement/context.js";
import type { LegalAidDb } from "../../subgraphs/legal-aid/context.js";
import type { NetworkDb } from "../../subgraphs/network/db.js";
import type { SheltersDb } from "../../subgraphs/shelters/db.js";

// Invented benchmark records, written next to the demo seed. Every name carries "(demo)", phone
// numbers are in the 555-01xx range kept for fiction. Ids live in their own range (9001…, 9002…)
// so they never meet the demo ids.
const benchId = (range: number, n: number) => demoId(range * 100_000_000 + n);

/** The caller of the benchmark query (harbor-caseworker) belongs to this organisation. */
export const BENCH_CALLER_ORGANIZATION = DEMO_ORGS.harborLight;

export interface BenchSurvivor {
  id: string;
  /** "Bench Survivor 001 (demo)": sorts before every demo pseudonym, so `survivors(first: n)` returns the first n of these. */
  pseudonym: string;
  residentProfileId: string;
  legalProfileId: string;
  liaisonProfileId: string;
  /** Every other survivor consents to Harbor Light (IMMIGRATION, LAW_ENFORCEMENT for SERVICE_REFERRAL); the rest do not. */
  consentId: string | null;
}

export function benchSurvivors(count: number): BenchSurvivor[] {
  return Array.from({ length: count }, (_, index) => {
    const n = index + 1;
    return {
      id: benchId(9001, n),
      pseudonym: `Bench Survivor ${String(n).padStart(3, "0")} (demo)`,
      residentProfileId: benchId(9002, n),
      legalProfileId: benchId(9003, n),
      liaisonProfileId: benchId(9004, n),
      consentId: index % 2 === 0 ? benchId(9005, n) : null,
    };
  });
}

// A day in the past: in force whatever the date the benchmark runs on.
const since = () => new Date(Date.now() - 24 * 60 * 60 * 1000);

export async function writeNetworkBenchData(db: NetworkDb, survivors: readonly BenchSurvivor[]): Promise<void> {
  // The demo seed's agreements do the sharing: Fictional Legal Aid ⇄ Harbor Light (immigration) and
  // Demo City Liaison → Harbor Light (law enforcement), both for SERVICE_REFERRAL.
  await db.survivor.createMany({
    data: survivors.map((s) => ({ id: s.id, pseudonym: s.pseudonym, registeredByOrganizationId: DEMO_ORGS.harborLight })),
  });
  await db.consent.createMany({
    data: survivors.flatMap((s) =>
      s.consentId === null
        ? []
        : [
            {
              id: s.consentId,
              survivorId: s.id,
              granteeOrganizationId: DEMO_ORGS.harborLight,
              categories: ["IMMIGRATION", "LAW_ENFORCEMENT"],
              purposes: ["SERVICE_REFERRAL"],
              validFrom: since(),
              method: "WRITTEN" as const,
              language: "en",
              recordedByMemberId: DEMO_MEMBERS.harborCaseworker,
            },
          ],
    ),
  });
}

export async function writeSheltersBenchData(db: SheltersDb, survivors: readonly BenchSurvivor[]): Promise<void> {
  await db.residentProfile.createMany({
    data: survivors.map((s, index) => ({
      id: s.residentProfileId,
      survivorId: s.id,
      organizationId: DEMO_ORGS.harborLight,
      legalName: `Invented Bench Person ${index + 1} (demo)`,
      phone: `+1-555-01${String(index % 100).padStart(2, "0")}`,
      healthNeeds: "Invented: none recorded (demo).",
    })),
  });
}

export async function writeLegalAidBenchData(db: LegalAidDb, survivors: readonly BenchSurvivor[]): Promise<void> {
  await db.legalProfile.createMany({
    data: survivors.map((s) => ({
      id: s.legalProfileId,
      survivorId: s.id,
      organizationId: DEMO_ORGS.fictionalLegalAid,
      immigrationStatus: "Invented: T visa application in preparation (demo)",
      countryOfOrigin: "ZZ",
      caseStage: "APPLICATION_IN_PREPARATION" as const,
    })),
  });
}

export async function writeLawEnforcementBenchData(db: LawEnforcementDb, survivors: readonly BenchSurvivor[]): Promise<void> {
  await db.liaisonProfile.createMany({
    data: survivors.map((s, index) => ({
      id: s.liaisonProfileId,
      survivorId: s.id,
      organizationId: DEMO_ORGS.demoCityLiaison,
      caseNumber: `DEMO-BENCH-${String(index + 1).padStart(3, "0")}`,
      certificationStatus: "REQUESTED" as const,
    })),
  });
}
