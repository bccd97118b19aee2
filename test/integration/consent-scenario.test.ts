/**
 * The consent issue's end-to-end scenario, through the real gateway and subgraphs: one survivor
 * (Demo Survivor Aster, registered by Harbor Light, a shelter), three organisations — Harbor Light
 * (the owner), Fictional Legal Aid (holds a two-way agreement with Harbor Light; the survivor
 * consents to it alone) and Northstar (another shelter: no agreement, no consent). Each step is
 * queried by each organisation by direct path, aliases (some imitating the gateway's own keys),
 * named and inline fragments, and a nested path; every form must give the same answer.
 * Mid-scenario the network subgraph is stopped (the gateway fails closed) and started again; at the
 * end the ledger holds exactly one entry per response that reached a survivor record, what it records
 * as released is exactly what the clients saw, and the chain verifies.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../subgraphs/kit/database.js";
import { DEMO_AGREEMENTS, DEMO_ORGS, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { createNetworkClient } from "../../subgraphs/network/db.js";
import { verifyLedger } from "../../subgraphs/network/ledger/ledger.js";
import { databaseMode } from "../support/databases.js";
import { startTestNetwork, type RequestOptions, type TestNetwork } from "../support/network.js";

let network: TestNetwork;

beforeAll(async () => {
  network = await startTestNetwork({ persistent: ["network"] });
}, 120_000);

afterAll(async () => {
  await network?.stop();
});

const survivorId = DEMO_SURVIVORS.aster;
const RESIDENT_FIELDS = ["legalName", "dateOfBirth", "phone", "currentLocation", "healthNeeds"] as const;
const SEEDED = {
  legalName: "Invented Person Aster (demo)",
  dateOfBirth: "1990-01-01",
  phone: "+1-555-0150",
  currentLocation: "Harbor Light Emergency Beds (demo), room 3",
  healthNeeds: "Invented: needs a follow-up clinic appointment.",
};

/** The value at `path` in an answer's data: undefined where the path runs out (as `data?.a?.[0]`). */
function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => (typeof node === "object" && node !== null ? Reflect.get(node, key) : undefined), value);
}

/**
 * The same question in four shapes. Each returns the resident profile's fields (by their real
 * names), the legal profile's immigration status and the liaison profiles, so they can be compared.
 */
const FORMS = {
  direct: {
    query: `query($id: ID!) { survivor(id: $id) { residentProfiles { legalName dateOfBirth phone currentLocation healthNeeds } legalProfiles { immigrationStatus } liaisonProfiles { caseNumber } } }`,
    survivor: (data: unknown) => valueAt(data, ["survivor"]),
    keys: { legalName: "legalName", dateOfBirth: "dateOfBirth", phone: "phone", currentLocation: "currentLocation", healthNeeds: "healthNeeds" },
    paths: { resident: ["survivor", "residentProfiles"], legal: ["survivor", "legalProfiles"], liaison: ["survivor", "liaisonProfiles"] },
    legalKey: "immigrationStatus",
  },
  // Aliases that imitate the gateway's bookkeeping keys: they must neither hide nor reveal anything.
  aliased: {
    query: `query($id: ID!) { __t: survivor(id: $id) { _0: residentProfiles { __t: legalName __x0: dateOfBirth _1: phone __typename: currentLocation survivorId: healthNeeds } __x1: legalProfiles { ownerOrganizationId: immigrationStatus } _2: liaisonProfiles { caseNumber } } }`,
    survivor: (data: unknown) => valueAt(data, ["__t"]),
    keys: { legalName: "__t", dateOfBirth: "__x0", phone: "_1", currentLocation: "__typename", healthNeeds: "survivorId" },
    paths: { resident: ["__t", "_0"], legal: ["__t", "__x1"], liaison: ["__t", "_2"] },
    legalKey: "ownerOrganizationId",
  },
  fragments: {
    query: `query($id: ID!) { survivor(id: $id) { ...Profiles } }
      fragment Profiles on Survivor { residentProfiles { ...Identity ... on ResidentProfile { phone currentLocation } ... @include(if: true) { healthNeeds } } legalProfiles { ... on LegalProfile { immigrationStatus } } liaisonProfiles { ...Liaison } }
      fragment Identity on ResidentProfile { legalName dateOfBirth }
      fragment Liaison on LiaisonProfile { caseNumber }`,
    survivor: (data: unknown) => valueAt(data, ["survivor"]),
    keys: { legalName: "legalName", dateOfBirth: "dateOfBirth", phone: "phone", currentLocation: "currentLocation", healthNeeds: "healthNeeds" },
    paths: { resident: ["survivor", "residentProfiles"], legal: ["survivor", "legalProfiles"], liaison: ["survivor", "liaisonProfiles"] },
    legalKey: "immigrationStatus",
  },
  // Nested: from the profile back to its survivor and down again.
  nested: {
    query: `query($id: ID!) { survivor(id: $id) { residentProfiles { survivor { residentProfiles { legalName dateOfBirth phone currentLocation healthNeeds } legalProfiles { immigrationStatus } liaisonProfiles { caseNumber } } } } }`,
    survivor: (data: unknown) => valueAt(data, ["survivor", "residentProfiles", 0, "survivor"]) ?? (valueAt(data, ["survivor"]) ? null : undefined),
    keys: { legalName: "legalName", dateOfBirth: "dateOfBirth", phone: "phone", currentLocation: "currentLocation", healthNeeds: "healthNeeds" },
    paths: {
      resident: ["survivor", "residentProfiles", 0, "survivor", "residentProfiles"],
      legal: ["survivor", "residentProfiles", 0, "survivor", "legalProfiles"],
      liaison: ["survivor", "residentProfiles", 0, "survivor", "liaisonProfiles"],
    },
    legalKey: "immigrationStatus",
  },
} as const;

type FieldView = string | null | { denied: string };
/** What one organisation saw of the survivor, in a form-independent shape. */
interface View {
  survivor: "hidden" | "visible";
  resident?: Record<string, FieldView>;
  /** The legal profile's immigration status; "not shown" when the caller may not know the profile exists. */
  immigrationStatus?: FieldView;
  liaisonProfiles?: number;
}

const pathKey = (p: readonly (string | number)[]) => JSON.stringify(p);

/**
 * Every response, with what left the gateway in it: the sensitive fields released, and the
 * survivor records shown (by type). A hidden survivor may or may not have reached the gateway (the
 * network leaves out what its row rule hides; the gateway drops what the rule hides on top).
 */
const touched: { requestId: string; hidden: boolean; released: Set<string>; shown: Set<string> }[] = [];

async function view(form: keyof typeof FORMS, options: RequestOptions): Promise<View> {
  const shape = FORMS[form];
  const response = await network.query(shape.query, { id: survivorId }, options);
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  const errors = new Map((response.body.errors ?? []).map((e) => [pathKey(e.path ?? []), e]));
  // Every error is the rule's (or none): no subgraph text, never a value.
  for (const error of response.body.errors ?? []) {
    expect(Object.values(SEEDED).some((value) => error.message.includes(value))).toBe(false);
  }
  const survivor = shape.survivor(response.body.data);
  if (survivor === null || survivor === undefined) {
    expect(response.body.errors ?? []).toEqual([]);
    touched.push({ requestId: response.headers.get("x-request-id")!, hidden: true, released: new Set(), shown: new Set() });
    return { survivor: "hidden" };
  }
  const shown = new Set<string>(["Survivor"]);
  const fieldView = (value: unknown, at: readonly (string | number)[]): FieldView => {
    const error = errors.get(pathKey(at));
    if (error) {
      expect(value).toBeNull();
      return { denied: String(error.extensions?.code) };
    }
    return value as string | null;
  };
  const released = new Set<string>();
  const resident = valueAt(survivor, [shape.paths.resident.at(-1) as string]) as Record<string, unknown>[];
  expect(resident).toHaveLength(1);
  shown.add("ResidentProfile");
  const residentView: Record<string, FieldView> = {};
  for (const field of RESIDENT_FIELDS) {
    const key = shape.keys[field];
    const seen = fieldView(resident[0]![key], [...shape.paths.resident, 0, key]);
    residentView[field] = seen;
    if (typeof seen === "string") released.add(`ResidentProfile.${field}`);
  }
  const legal = valueAt(survivor, [shape.paths.legal.at(-1) as string]) as Record<string, unknown>[];
  expect(legal.length).toBeLessThanOrEqual(1);
  let immigrationStatus: View["immigrationStatus"] = "not shown";
  if (legal.length === 1) {
    shown.add("LegalProfile");
    immigrationStatus = fieldView(legal[0]![shape.legalKey], [...shape.paths.legal, 0, shape.legalKey]);
    if (typeof immigrationStatus === "string") released.add("LegalProfile.immigrationStatus");
  }
  const liaison = valueAt(survivor, [shape.paths.liaison.at(-1) as string]) as unknown[];
  if (liaison.length > 0) {
    released.add("Survivor.liaisonProfiles");
    shown.add("LiaisonProfile");
  }
  touched.push({ requestId: response.headers.get("x-request-id")!, hidden: false, released, shown });
  return { survivor: "visible", resident: residentView, immigrationStatus, liaisonProfiles: liaison.length };
}

/** Asks in every form and checks that they all agree; returns the common answer. */
async function viewInEveryForm(options: RequestOptions): Promise<View> {
  const views = [];
  for (const form of Object.keys(FORMS) as (keyof typeof FORMS)[]) views.push(await view(form, options));
  for (const other of views.slice(1)) expect(other).toEqual(views[0]);
  return views[0]!;
}

const denied = (code: string) => ({ denied: code });

const owner = { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const legalAid = { as: "legal-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const northstar = { as: "northstar-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const justification = { "x-emergency-justification": "Invented emergency (demo): the survivor missed a safety check-in." };

/**
 * Harbor Light sees its own record whole. The legal and liaison profiles are Fictional Legal Aid's
 * and Demo City Liaison's: that they exist is the survivor's IDENTITY, and no consent of the
 * survivor names Harbor Light for it, so both are left out, as profiles that do not exist.
 */
const OWNER_VIEW: View = {
  survivor: "visible",
  resident: { ...SEEDED },
  immigrationStatus: "not shown",
  liaisonProfiles: 0,
};

const RECORD = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;
const WITHDRAW = `mutation($id: ID!, $reason: String!) { withdrawConsent(id: $id, reason: $reason) { id status } }`;
const REVOKE = `mutation($id: ID!, $reason: String!) { revokeAgreement(id: $id, reason: $reason) { id status } }`;
const consentToLegalAid = {
  survivorId,
  granteeOrganizationId: DEMO_ORGS.fictionalLegalAid,
  categories: ["IDENTITY", "CONTACT"],
  purposes: ["SERVICE_REFERRAL"],
  method: "WRITTEN",
  language: "en",
};

describe(`the consent scenario, end to end (${databaseMode})`, () => {
  let consentId = "";

  it("0. before any consent: the owner sees its record, the others do not see the survivor at all", async () => {
    expect(await viewInEveryForm(owner)).toEqual(OWNER_VIEW);
    expect(await viewInEveryForm(legalAid)).toEqual({ survivor: "hidden" });
    expect(await viewInEveryForm(northstar)).toEqual({ survivor: "hidden" });
  });

  it("1. consent to Fictional Legal Aid for identity and contact: released to it for that purpose only; Northstar still sees nothing", async () => {
    const recorded = await network.query<{ recordConsent: { id: string } }>(RECORD, { input: consentToLegalAid }, owner);
    expect(recorded.body.errors).toBeUndefined();
    consentId = recorded.body.data!.recordConsent.id;

    expect(await viewInEveryForm(owner)).toEqual(OWNER_VIEW);
    expect(await viewInEveryForm(legalAid)).toEqual({
      survivor: "visible",
      resident: {
        legalName: SEEDED.legalName,
        dateOfBirth: SEEDED.dateOfBirth,
        phone: SEEDED.phone,
        // The agreement does not cover location or health: no consent could release them.
        currentLocation: denied("AGREEMENT_REQUIRED"),
        healthNeeds: denied("AGREEMENT_REQUIRED"),
      },
      // Its own record.
      immigrationStatus: "Invented: T visa application pending (demo)",
      liaisonProfiles: 0,
    });
    // Another purpose: the agreement covers it, the consent does not: not even found.
    expect(await viewInEveryForm({ ...legalAid, purpose: "LEGAL_REPRESENTATION" })).toEqual({ survivor: "hidden" });
    expect(await viewInEveryForm(northstar)).toEqual({ survivor: "hidden" });
  });

  it("2. the network subgraph stops: every request is refused, nothing leaks; it comes back and so do the answers", async () => {
    const stopped = await network.stopNetworkSubgraph();
    for (const who of [owner, legalAid, northstar]) {
      const response = await network.query(FORMS.direct.query, { id: survivorId }, who);
      // Without the network the caller's membership cannot be checked: refused before anything is fetched.
      expect(response.status).toBe(503);
      expect(response.body.data ?? null).toBeNull();
      expect(JSON.stringify(response.body)).not.toContain("Invented Person");
    }
    await stopped.restart();
    expect(await viewInEveryForm(legalAid)).toMatchObject({ survivor: "visible", resident: { phone: SEEDED.phone } });
  }, 60_000);

  it("3. the consent is withdrawn: on the very next request Fictional Legal Aid no longer sees the survivor; an emergency releases contact and location only", async () => {
    const withdrawn = await network.query(WITHDRAW, { id: consentId, reason: "Invented reason (demo): the survivor changed their mind." }, owner);
    expect(withdrawn.body.errors).toBeUndefined();
    expect(await viewInEveryForm(legalAid)).toEqual({ survivor: "hidden" });

    const emergency = { as: "legal-caseworker", purpose: "EMERGENCY", headers: justification } as const;
    expect(await viewInEveryForm(emergency)).toEqual({
      survivor: "visible",
      resident: {
        legalName: denied("PURPOSE_NOT_PERMITTED"),
        dateOfBirth: denied("PURPOSE_NOT_PERMITTED"),
        phone: SEEDED.phone,
        currentLocation: SEEDED.currentLocation,
        healthNeeds: denied("PURPOSE_NOT_PERMITTED"),
      },
      immigrationStatus: "Invented: T visa application pending (demo)",
      liaisonProfiles: 0,
    });
    // Without a written justification, nothing of another organisation's: not even that the survivor exists.
    expect(await viewInEveryForm({ as: "legal-caseworker", purpose: "EMERGENCY", headers: { "x-emergency-justification": " \t " } })).toEqual({ survivor: "hidden" });
    // Northstar holds no agreement with Harbor Light: not even an emergency shows it the survivor.
    expect(await viewInEveryForm({ as: "northstar-caseworker", purpose: "EMERGENCY", headers: justification })).toEqual({ survivor: "hidden" });
  });

  it("4. consent given again, then the agreement revoked: Fictional Legal Aid no longer finds the survivor, not even in an emergency", async () => {
    const recorded = await network.query<{ recordConsent: { id: string } }>(RECORD, { input: consentToLegalAid }, owner);
    expect(recorded.body.errors).toBeUndefined();
    expect(await viewInEveryForm(legalAid)).toMatchObject({ resident: { phone: SEEDED.phone } });

    const revoked = await network.query(
      REVOKE,
      { id: DEMO_AGREEMENTS.harborToLegalAid, reason: "Invented reason (demo): protocol under review." },
      { as: "harbor-admin", purpose: "SERVICE_REFERRAL" },
    );
    expect(revoked.body.errors).toBeUndefined();
    // The consent alone is not enough: the rule needs the agreement too.
    expect(await viewInEveryForm(legalAid)).toEqual({ survivor: "hidden" });
    // And no emergency either: an emergency needs an agreement in force sharing Harbor Light's records.
    expect(await viewInEveryForm({ as: "legal-caseworker", purpose: "EMERGENCY", headers: justification })).toEqual({ survivor: "hidden" });
    expect(await viewInEveryForm(owner)).toEqual(OWNER_VIEW);
    expect(await viewInEveryForm(northstar)).toEqual({ survivor: "hidden" });
  });

  it("5. the ledger holds one entry per response that reached a survivor record, records as shown and released exactly what left, and verifies", async () => {
    // Looked at directly, with the network subgraph stopped (an embedded database has one owner).
    const stopped = await network.stopNetworkSubgraph();
    const database = await openDatabase(stopped.database, path.resolve(import.meta.dirname, "../../prisma/network/migrations"));
    const db = createNetworkClient(database.adapter);
    try {
      const entries = await db.ledgerEntry.findMany({ orderBy: { seq: "asc" } });
      const disclosures = entries.filter((e) => e.kind === "DISCLOSURE" || e.kind === "EMERGENCY_OVERRIDE");
      let matched = 0;
      for (const response of touched) {
        const matching = disclosures.filter((e) => String((e.payload as { requestId: string }).requestId).startsWith(`${response.requestId}.`));
        matched += matching.length;
        // A visible survivor is always recorded; a hidden one is when it reached the gateway, releasing nothing.
        if (response.hidden) expect(matching.length).toBeLessThanOrEqual(1);
        else expect(matching).toHaveLength(1);
        if (matching.length === 0) continue;
        const items = (matching[0]!.payload as { items: { recordType: string; fields: string[]; released: boolean; survivorId: string | null }[] }).items;
        // Each record shown is recorded as shown (its "id" stands for the record), and nothing else.
        const shown = new Set(items.filter((i) => i.released && i.fields.includes("id")).map((i) => i.recordType));
        expect(shown).toEqual(response.shown);
        const released = new Set(
          items.filter((i) => i.released).flatMap((i) => i.fields.filter((f) => f !== "id").map((f) => `${i.recordType === "LiaisonProfile" ? "Survivor" : i.recordType}.${f}`)),
        );
        expect(released).toEqual(response.released);
        for (const item of items) expect(item.survivorId).toBe(survivorId);
      }
      // The other entries are the owner's own consent writes (two recorded, one withdrawn): each
      // answer named a consent record, and that it was shown to its own organisation is recorded too.
      const unmatched = disclosures.filter((e) => !touched.some((r) => String((e.payload as { requestId: string }).requestId).startsWith(`${r.requestId}.`)));
      expect(unmatched).toHaveLength(3);
      for (const entry of unmatched) {
        expect((entry.payload as { items: unknown[] }).items).toEqual([
          expect.objectContaining({ recordType: "Consent", survivorId, ownerOrganizationId: DEMO_ORGS.harborLight, fields: ["id"], released: true, basis: "OWNER" }),
        ]);
      }
      expect(matched + unmatched.length).toBe(disclosures.length);
      // The emergency with a justification is flagged; the one without released nothing and is not.
      expect(disclosures.filter((e) => e.kind === "EMERGENCY_OVERRIDE")).toHaveLength(Object.keys(FORMS).length);
      expect(entries.filter((e) => e.kind === "CONSENT_RECORDED")).toHaveLength(2);
      expect(entries.filter((e) => e.kind === "CONSENT_WITHDRAWN")).toHaveLength(1);
      expect(entries.filter((e) => e.kind === "AGREEMENT_CHANGED")).toHaveLength(1);
      expect(await verifyLedger(db)).toMatchObject({ ok: true, entries: entries.length });
      // Harbor Light is told of every emergency use of its survivor's record.
      const notices = await db.overrideNotice.findMany();
      expect(notices.length).toBe(Object.keys(FORMS).length);
      for (const notice of notices) {
        expect(notice.ownerOrganizationId).toBe(DEMO_ORGS.harborLight);
        expect(notice.survivorId).toBe(survivorId);
      }
    } finally {
      await db.$disconnect();
      await database.close();
    }
    await stopped.restart();
  }, 60_000);
});
