/**
 * "In force" is said once (policy/inForce.ts) and read twice: by the rule's predicate in memory
 * (decide.ts, on the facts toDecisionFacts makes of the rows) and by the network subgraph's database
 * conditions built from the same description (subgraphs/network/inForceWhere.ts: row visibility,
 * agreement lists by effective status). Random consents and agreements written to a real network
 * database, with instants a few seconds either side of `now` so that the edges (equal to now, a
 * withdrawal in the future, an open end) come often: the database must select exactly the rows the
 * predicate calls in force, and each agreement status filter exactly the rows whose effective status
 * it names.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGREEMENT_IN_FORCE, CONSENT_IN_FORCE, inForceAt } from "../../policy/inForce.js";
import { toDecisionFacts } from "../../policy/factRecords.js";
import { openDatabase, type OpenDatabase } from "../../subgraphs/kit/database.js";
import { createNetworkClient, type NetworkDb } from "../../subgraphs/network/db.js";
import { agreementInForce, consentInForce } from "../../subgraphs/network/inForceWhere.js";
import { AgreementEffectiveStatus, effectiveStatus, effectiveStatusWhere } from "../../subgraphs/network/agreements/effectiveStatus.js";
import { AgreementStatus } from "../../prisma/network/generated/enums.js";
import { createTestDatabases, type TestDatabases } from "../support/databases.js";

let databases: TestDatabases;
let database: OpenDatabase;
let db: NetworkDb;
const owner = randomUUID();
const partner = randomUUID();
const survivorId = randomUUID();
const NOW = new Date("2026-06-01T12:00:00.000Z");

beforeAll(async () => {
  databases = await createTestDatabases(["network"]);
  database = await openDatabase(databases.locationFor("network"), path.resolve(import.meta.dirname, "../../prisma/network/migrations"));
  db = createNetworkClient(database.adapter);
  for (const [id, name] of [
    [owner, "Invented Owner Shelter"],
    [partner, "Invented Partner Clinic"],
  ] as const) {
    await db.organization.create({ data: { id, name, kind: "SHELTER", jurisdiction: "Invented", languages: ["en"] } });
  }
  await db.survivor.create({ data: { id: survivorId, pseudonym: "Invented Survivor", registeredByOrganizationId: owner } });
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.close();
  await databases?.drop();
});

const SECOND = 1_000;
/** An instant a few whole seconds around NOW (so NOW itself is drawn often), or a millisecond off it. */
const near = fc.oneof(
  fc.integer({ min: -3, max: 3 }).map((s) => new Date(NOW.getTime() + s * SECOND)),
  fc.integer({ min: -1, max: 1 }).map((ms) => new Date(NOW.getTime() + ms)),
);
/** A period: validUntil after validFrom (the table's check), or open-ended. */
const period = fc.tuple(near, fc.option(fc.integer({ min: 1, max: 6 * SECOND }), { nil: null })).map(([validFrom, length]) => ({
  validFrom,
  validUntil: length === null ? null : new Date(validFrom.getTime() + length),
}));
const consentRow = fc.record({ period, withdrawnAt: fc.option(near, { nil: null }) });
const agreementRow = fc.record({ period, status: fc.constantFrom(...Object.values(AgreementStatus)) });

const idsOf = (rows: readonly { id: string }[]) => rows.map((row) => row.id).sort();

describe("in force: the rule's predicate and the database's condition agree", () => {
  it("on consents (period and withdrawal)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(consentRow, { minLength: 1, maxLength: 12 }), async (drawn) => {
        const data = drawn.map(({ period: { validFrom, validUntil }, withdrawnAt }) => ({
          id: randomUUID(),
          survivorId,
          granteeOrganizationId: partner,
          categories: ["CONTACT"],
          purposes: ["SERVICE_REFERRAL"],
          validFrom,
          validUntil,
          withdrawnAt,
          method: "WRITTEN" as const,
          language: "en",
          recordedByMemberId: randomUUID(),
        }));
        await db.consent.createMany({ data });
        const ids = data.map((row) => row.id);
        const stored = await db.consent.findMany({ where: { id: { in: ids } } });
        const selected = await db.consent.findMany({ where: { AND: [{ id: { in: ids } }, consentInForce(NOW)] } });
        const facts = toDecisionFacts({ consents: stored, agreements: [] });
        expect(idsOf(selected)).toEqual(idsOf(facts.consents.filter((consent) => inForceAt(CONSENT_IN_FORCE, consent, NOW))));
      }),
      { numRuns: 30 },
    );
  });

  it("on agreements (status and period), and on every effective status", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(agreementRow, { minLength: 1, maxLength: 12 }), async (drawn) => {
        const data = drawn.map(({ period: { validFrom, validUntil }, status }) => {
          const id = randomUUID();
          return {
            id,
            lineageId: id,
            fromOrganizationId: owner,
            toOrganizationId: partner,
            proposedByOrganizationId: owner,
            categories: ["CONTACT"],
            purposes: ["SERVICE_REFERRAL"],
            validFrom,
            validUntil,
            status,
          };
        });
        await db.agreement.createMany({ data });
        const ids = data.map((row) => row.id);
        const mine = { id: { in: ids } };
        const stored = await db.agreement.findMany({ where: mine });
        const selected = await db.agreement.findMany({ where: { AND: [mine, agreementInForce(NOW)] } });
        const facts = toDecisionFacts({ consents: [], agreements: stored });
        expect(idsOf(selected)).toEqual(idsOf(facts.agreements.filter((agreement) => inForceAt(AGREEMENT_IN_FORCE, agreement, NOW))));
        for (const status of Object.values(AgreementEffectiveStatus)) {
          const filtered = await db.agreement.findMany({ where: { AND: [mine, effectiveStatusWhere(status, NOW)] } });
          expect(idsOf(filtered), status).toEqual(idsOf(stored.filter((row) => effectiveStatus(row, NOW) === status)));
        }
      }),
      { numRuns: 30 },
    );
  });
});
