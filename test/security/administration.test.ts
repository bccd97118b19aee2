import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MEMBERS, DEMO_ORGS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { connectRedis, type Redis } from "../../platform/redis.js";
import { databaseMode } from "../support/databases.js";
import type { DemoPrincipalKey } from "../support/issuer.js";
import { startTestNetwork, type GraphQLResponse, type TestNetwork } from "../support/network.js";

// Organisation administration through the real gateway: a steward onboards, an organisation
// admin manages members, everyone else is refused, bad input is named and writes nothing.
// Every organisation, person and address here is invented (example.org, 555 numbers).

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const redis: Redis | null = await connectRedis(REDIS_URL).catch(() => null);
if (!redis) {
  const message = `Redis is not reachable at ${REDIS_URL}: the shared-membership-cache case of this suite cannot run (start Redis, or set TEST_REDIS_URL).`;
  // In CI a missing service is a failure, never a silent skip.
  if (process.env.CI) throw new Error(message);
  console.warn(message);
}

let network: TestNetwork;

beforeAll(async () => {
  network = await startTestNetwork();
});

afterAll(async () => {
  await network?.stop();
  redis?.disconnect();
});

const ONBOARD = `mutation($input: OnboardOrganizationInput!) {
  onboardOrganization(input: $input) { organization { id name kind jurisdiction languages contactEmail website } firstAdmin { id displayName email roles active } }
}`;
const INVITE = "mutation($input: InviteMemberInput!) { inviteMember(input: $input) { id displayName email roles active } }";
const SET_ROLES = "mutation($id: ID!, $roles: [MemberRole!]!) { setMemberRoles(id: $id, roles: $roles) { id roles active } }";
const DEACTIVATE = "mutation($id: ID!) { deactivateMember(id: $id) { id active deactivatedAt } }";
const MEMBERS = "query($org: ID!) { organization(id: $org) { members { id displayName email roles active } } }";
const ORGANIZATION_COUNT = "{ organizations { totalCount } }";
const DIRECTORY = "{ directory { shelterPrograms { totalCount } } }";

type Caller = DemoPrincipalKey | { token: string };
interface Member {
  id: string;
  displayName: string;
  email: string;
  roles: string[];
  active: boolean;
}

/** A token of the test identity provider for a person the network does not seed. */
function tokenOf(subject: string, organizationId: string): Promise<{ token: string }> {
  return network.issuer.sign({ subject, organizationId }).then((token) => ({ token }));
}

async function membersOf(org: string, as: Caller): Promise<Member[]> {
  const response = await network.query<{ organization: { members: Member[] } }>(MEMBERS, { org }, { as });
  expect(response.body.errors, JSON.stringify(response.body)).toBeUndefined();
  return response.body.data!.organization.members;
}

async function organizationCount(): Promise<number> {
  return (await network.query<{ organizations: { totalCount: number } }>(ORGANIZATION_COUNT, undefined, { as: "steward" })).body.data!.organizations.totalCount;
}

/** A fresh, invented organisation to onboard; `tag` keeps names, addresses and subjects unique. */
function newOrganization(tag: string, kind = "SHELTER") {
  return {
    name: `Willow Path ${tag} (test)`,
    kind,
    jurisdiction: "Test County",
    languages: ["en", "es"],
    contactEmail: `intake@${tag}.example.org`,
    contactPhone: "+1-555-0199",
    website: `https://${tag}.example.org`,
    firstAdmin: { displayName: `Robin Admin ${tag} (test)`, email: `robin@${tag}.example.org`, subject: `idp|${tag}-admin` },
  };
}

async function onboard(tag: string, kind = "SHELTER") {
  const input = newOrganization(tag, kind);
  const response = await network.query<{ onboardOrganization: { organization: { id: string }; firstAdmin: Member } }>(ONBOARD, { input }, { as: "steward" });
  expect(response.body.errors, JSON.stringify(response.body)).toBeUndefined();
  const { organization, firstAdmin } = response.body.data!.onboardOrganization;
  return { input, organizationId: organization.id, firstAdmin, admin: await tokenOf(input.firstAdmin.subject, organization.id) };
}

function expectCode(response: GraphQLResponse, status: number, code: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.errors?.[0]?.extensions?.code, JSON.stringify(response.body)).toBe(code);
}

describe(`onboarding an organisation (${databaseMode})`, () => {
  it("lets a steward onboard an organisation whose first admin then invites a caseworker, who can work at once", async () => {
    const input = newOrganization("willow");
    const onboarded = await network.query<{ onboardOrganization: { organization: { id: string }; firstAdmin: { id: string } } }>(ONBOARD, { input }, { as: "steward" });
    expect(onboarded.status).toBe(200);
    const organizationId = onboarded.body.data!.onboardOrganization.organization.id;
    expect(onboarded.body).toEqual({
      data: {
        onboardOrganization: {
          organization: {
            id: organizationId,
            name: "Willow Path willow (test)",
            kind: "SHELTER",
            jurisdiction: "Test County",
            languages: ["en", "es"],
            contactEmail: "intake@willow.example.org",
            website: "https://willow.example.org",
          },
          firstAdmin: {
            id: onboarded.body.data!.onboardOrganization.firstAdmin.id,
            displayName: "Robin Admin willow (test)",
            email: "robin@willow.example.org",
            roles: ["ORG_ADMIN"],
            active: true,
          },
        },
      },
    });

    // The first admin signs in with the identity provider account the steward named.
    const admin = await tokenOf("idp|willow-admin", organizationId);
    expect((await membersOf(organizationId, admin)).map((m) => m.displayName)).toEqual(["Robin Admin willow (test)"]);
    const invited = await network.query<{ inviteMember: Member }>(
      INVITE,
      { input: { displayName: "Sam Caseworker (test)", email: "Sam@Willow.example.org", subject: "idp|willow-caseworker", roles: ["CASEWORKER"] } },
      { as: admin },
    );
    expect(invited.body).toEqual({
      data: {
        inviteMember: { id: invited.body.data!.inviteMember.id, displayName: "Sam Caseworker (test)", email: "sam@willow.example.org", roles: ["CASEWORKER"], active: true },
      },
    });

    // The caseworker works at once: the directory, and their own (still empty) survivor list.
    const caseworker = await tokenOf("idp|willow-caseworker", organizationId);
    expect((await network.query(DIRECTORY, undefined, { as: caseworker })).status).toBe(200);
    const survivors = await network.query("{ survivors { totalCount } }", undefined, { as: caseworker, purpose: "SERVICE_REFERRAL" });
    expect(survivors.body).toEqual({ data: { survivors: { totalCount: 0 } } });
    // And is a caseworker, not an admin.
    expectCode(
      await network.query(INVITE, { input: { displayName: "X (test)", email: "x@willow.example.org", subject: "idp|willow-x", roles: ["CASEWORKER"] } }, { as: caseworker }),
      403,
      ERROR_CODES.ROLE_FORBIDDEN,
    );
  });

  it("lets the admin of a law-enforcement liaison unit, and only there, make liaison officers", async () => {
    const unit = await onboard("lantern-unit", "LAW_ENFORCEMENT_LIAISON");
    const officer = await network.query<{ inviteMember: Member }>(
      INVITE,
      { input: { displayName: "Officer Kit (test)", email: "kit@lantern-unit.example.org", subject: "idp|lantern-officer", roles: ["LIAISON_OFFICER"] } },
      { as: unit.admin },
    );
    expect(officer.body.data?.inviteMember.roles).toEqual(["LIAISON_OFFICER"]);
    const survivors = await network.query("{ survivors { totalCount } }", undefined, { as: await tokenOf("idp|lantern-officer", unit.organizationId), purpose: "CERTIFICATION" });
    expect(survivors.body).toEqual({ data: { survivors: { totalCount: 0 } } });
  });
});

describe(`managing members (${databaseMode})`, () => {
  it("invites, changes roles and deactivates; each change holds from the member's very next request", async () => {
    const invited = await network.query<{ inviteMember: Member }>(
      INVITE,
      { input: { displayName: "Jules Newcomer (test)", email: "jules@harbor-light.example.org", subject: "idp|harbor-jules", roles: ["CASEWORKER"] } },
      { as: "harbor-admin" },
    );
    const jules = invited.body.data!.inviteMember;
    // One token for the whole scenario, valid for an hour: what changes is the record.
    const token = { token: await network.issuer.sign({ subject: "idp|harbor-jules", organizationId: DEMO_ORGS.harborLight, expiresIn: 3600 }) };
    const membersAsJules = () => network.query(MEMBERS, { org: DEMO_ORGS.harborLight }, { as: token });

    expectCode(await membersAsJules(), 200, ERROR_CODES.ROLE_FORBIDDEN);

    const promoted = await network.query(SET_ROLES, { id: jules.id, roles: ["CASEWORKER", "ORG_ADMIN"] }, { as: "harbor-admin" });
    expect(promoted.body).toEqual({ data: { setMemberRoles: { id: jules.id, roles: ["CASEWORKER", "ORG_ADMIN"], active: true } } });
    const asAdmin = await membersAsJules();
    expect(asAdmin.body.errors).toBeUndefined();
    expect((asAdmin.body.data as { organization: { members: Member[] } }).organization.members.map((m) => m.displayName)).toEqual([
      "Alex Admin (demo)",
      "Casey Caseworker (demo)",
      "Jules Newcomer (test)",
    ]);

    await network.query(SET_ROLES, { id: jules.id, roles: ["CASEWORKER"] }, { as: "harbor-admin" });
    expectCode(await membersAsJules(), 200, ERROR_CODES.ROLE_FORBIDDEN);
    expectCode(await network.query(SET_ROLES, { id: jules.id, roles: ["ORG_ADMIN"] }, { as: token }), 403, ERROR_CODES.ROLE_FORBIDDEN);

    const deactivated = await network.query<{ deactivateMember: { id: string; active: boolean; deactivatedAt: string } }>(DEACTIVATE, { id: jules.id }, { as: "harbor-admin" });
    expect(deactivated.body.data!.deactivateMember).toMatchObject({ id: jules.id, active: false });
    expect(Date.parse(deactivated.body.data!.deactivateMember.deactivatedAt)).toBeLessThanOrEqual(Date.now());
    const refused = await network.query(DIRECTORY, undefined, { as: token });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ errors: [{ message: "This account has been deactivated", extensions: { code: ERROR_CODES.PRINCIPAL_INACTIVE } }] });
  });

  it("never leaves an organisation without an active admin", async () => {
    const org = await onboard("alder");
    const lockedOut = (response: GraphQLResponse, field: string) =>
      expect(response.body).toEqual({
        data: null,
        errors: [
          {
            message: "This is the organisation's last active admin: make another member an admin first",
            path: [field],
            extensions: { code: ERROR_CODES.LAST_ORG_ADMIN },
          },
        ],
      });
    lockedOut(await network.query(SET_ROLES, { id: org.firstAdmin.id, roles: ["CASEWORKER"] }, { as: org.admin }), "setMemberRoles");
    lockedOut(await network.query(DEACTIVATE, { id: org.firstAdmin.id }, { as: org.admin }), "deactivateMember");
    expect((await membersOf(org.organizationId, org.admin)).map((m) => [m.roles, m.active])).toEqual([[["ORG_ADMIN"], true]]);

    // With a second admin, the first may step down; then the second is the last one.
    const second = await network.query<{ inviteMember: Member }>(
      INVITE,
      { input: { displayName: "Quinn Admin (test)", email: "quinn@alder.example.org", subject: "idp|alder-quinn", roles: ["ORG_ADMIN"] } },
      { as: org.admin },
    );
    const quinn = { id: second.body.data!.inviteMember.id, token: await tokenOf("idp|alder-quinn", org.organizationId) };
    expect((await network.query(SET_ROLES, { id: org.firstAdmin.id, roles: ["CASEWORKER"] }, { as: org.admin })).body.errors).toBeUndefined();
    lockedOut(await network.query(DEACTIVATE, { id: quinn.id }, { as: quinn.token }), "deactivateMember");
    lockedOut(await network.query(SET_ROLES, { id: quinn.id, roles: ["CASEWORKER"] }, { as: quinn.token }), "setMemberRoles");
    // A deactivated admin does not count: with the first admin back as admin but deactivated, Quinn is still the last.
    expect((await network.query(SET_ROLES, { id: org.firstAdmin.id, roles: ["ORG_ADMIN"] }, { as: quinn.token })).body.errors).toBeUndefined();
    expect((await network.query(DEACTIVATE, { id: org.firstAdmin.id }, { as: quinn.token })).body.errors).toBeUndefined();
    lockedOut(await network.query(DEACTIVATE, { id: quinn.id }, { as: quinn.token }), "deactivateMember");
    expect((await membersOf(org.organizationId, quinn.token)).map((m) => [m.displayName, m.roles, m.active])).toEqual([
      ["Quinn Admin (test)", ["ORG_ADMIN"], true],
      ["Robin Admin alder (test)", ["ORG_ADMIN"], false],
    ]);
  });

  it("makes another organisation's member indistinguishable from one that does not exist", async () => {
    const bodies = [];
    for (const id of [DEMO_MEMBERS.harborCaseworker, randomUUID()]) {
      for (const [query, variables] of [
        [DEACTIVATE, { id }],
        [SET_ROLES, { id, roles: ["CASEWORKER"] }],
      ] as const) {
        const response = await network.query(query, variables, { as: "clinic-admin" });
        expectCode(response, 200, ERROR_CODES.NOT_FOUND);
        bodies.push(JSON.stringify(response.body));
      }
    }
    expect(bodies[0]).toBe(bodies[2]);
    expect(bodies[1]).toBe(bodies[3]);
  });
});

describe(`forbidden actors (${databaseMode})`, () => {
  const newcomer = { displayName: "Uninvited (test)", email: "uninvited@example.org", subject: "idp|uninvited", roles: ["CASEWORKER"] };

  it.each<[string, Caller, string, Record<string, unknown>, number, string]>([
    ["a caseworker onboarding", "harbor-caseworker", ONBOARD, { input: newOrganization("rogue-1") }, 403, ERROR_CODES.ROLE_FORBIDDEN],
    ["an organisation admin onboarding", "harbor-admin", ONBOARD, { input: newOrganization("rogue-2") }, 403, ERROR_CODES.ROLE_FORBIDDEN],
    ["a partner app onboarding", "harbor-app", ONBOARD, { input: newOrganization("rogue-3") }, 403, ERROR_CODES.ROLE_FORBIDDEN],
    ["a caseworker inviting", "harbor-caseworker", INVITE, { input: newcomer }, 403, ERROR_CODES.ROLE_FORBIDDEN],
    ["a steward inviting", "steward", INVITE, { input: newcomer }, 403, ERROR_CODES.ROLE_FORBIDDEN],
    ["a partner app inviting", "harbor-app", INVITE, { input: newcomer }, 403, ERROR_CODES.ROLE_FORBIDDEN],
    ["a caseworker changing roles", "harbor-caseworker", SET_ROLES, { id: DEMO_MEMBERS.harborCaseworker, roles: ["ORG_ADMIN"] }, 403, ERROR_CODES.ROLE_FORBIDDEN],
    ["a steward changing roles of an organisation's member", "steward", SET_ROLES, { id: DEMO_MEMBERS.harborCaseworker, roles: ["ORG_ADMIN"] }, 403, ERROR_CODES.ROLE_FORBIDDEN],
    ["another organisation's admin changing roles", "clinic-admin", SET_ROLES, { id: DEMO_MEMBERS.harborAdmin, roles: ["CASEWORKER"] }, 200, ERROR_CODES.NOT_FOUND],
    ["a partner app changing roles", "harbor-app", SET_ROLES, { id: DEMO_MEMBERS.harborCaseworker, roles: ["ORG_ADMIN"] }, 403, ERROR_CODES.ROLE_FORBIDDEN],
    ["a caseworker deactivating", "harbor-caseworker", DEACTIVATE, { id: DEMO_MEMBERS.harborAdmin }, 403, ERROR_CODES.ROLE_FORBIDDEN],
    ["a steward deactivating an organisation's member", "steward", DEACTIVATE, { id: DEMO_MEMBERS.harborCaseworker }, 403, ERROR_CODES.ROLE_FORBIDDEN],
    ["another organisation's admin deactivating", "clinic-admin", DEACTIVATE, { id: DEMO_MEMBERS.harborCaseworker }, 200, ERROR_CODES.NOT_FOUND],
    ["a partner app deactivating", "harbor-app", DEACTIVATE, { id: DEMO_MEMBERS.harborCaseworker }, 403, ERROR_CODES.ROLE_FORBIDDEN],
  ])("refuses %s, and nothing is written", async (_label, as, query, variables, status, code) => {
    const before = { harbor: await membersOf(DEMO_ORGS.harborLight, "harbor-admin"), organizations: await organizationCount() };
    const response = await network.query(query, variables, { as });
    expectCode(response, status, code);
    expect(response.body.data ?? null).toBeNull();
    expect({ harbor: await membersOf(DEMO_ORGS.harborLight, "harbor-admin"), organizations: await organizationCount() }).toEqual(before);
    // The invitation went nowhere: the subject still signs in as nobody.
    expectCode(await network.query(DIRECTORY, undefined, { as: await tokenOf(newcomer.subject, DEMO_ORGS.harborLight) }), 401, ERROR_CODES.PRINCIPAL_UNKNOWN);
  });

  it("shows a steward no organisation's members but their own", async () => {
    const response = await network.query(MEMBERS, { org: DEMO_ORGS.harborLight }, { as: "steward" });
    expect(response.body.data).toEqual({ organization: { members: null } });
    expect(response.body.errors?.[0]?.extensions?.code).toBe(ERROR_CODES.OUT_OF_SCOPE);
  });
});

describe(`validation (${databaseMode}): a clear error naming the field, and nothing written`, () => {
  const valid = newOrganization("hazel");
  const withAdmin = (changes: Record<string, unknown>) => ({ ...valid, firstAdmin: { ...valid.firstAdmin, ...changes } });

  it.each<[string, Record<string, unknown>, string]>([
    ["an empty name", { ...valid, name: "  " }, "input.name: must not be empty"],
    ["the network's own kind", { ...valid, kind: "NETWORK_COORDINATOR" }, "input.kind: must be one of SHELTER, LEGAL_AID, LAW_ENFORCEMENT_LIAISON"],
    ["a language that is no BCP 47 tag", { ...valid, languages: ["en", "English"] }, "input.languages.1: must be a BCP 47 language tag such as en, es or pt-BR"],
    ["no language", { ...valid, languages: [] }, "input.languages: name at least one language"],
    ["a plain-http website", { ...valid, website: "http://hazel.example.org" }, "input.website: must be an https:// URL"],
    ["a contact phone with letters", { ...valid, contactPhone: "call me" }, "input.contactPhone: must be a phone number (digits, spaces, + ( ) . -)"],
    ["an admin e-mail that is none", withAdmin({ email: "robin-at-hazel" }), "input.firstAdmin.email: must be an e-mail address"],
    ["an admin subject with a space", withAdmin({ subject: "idp| hazel" }), "input.firstAdmin.subject: must not contain spaces or control characters"],
    [
      "an admin subject in the client-id space",
      withAdmin({ subject: "srn-app-hazel" }),
      "input.firstAdmin.subject: must not start with srn-app- (reserved for partner-app clients)",
    ],
    ["a name already in the network (any case)", { ...valid, name: "HARBOR LIGHT SHELTER (DEMO)" }, "input.name: another organisation of the network has this name"],
    ["an admin who is already a member", withAdmin({ subject: DEMO_MEMBERS.harborCaseworker }), "input.firstAdmin.subject: is already a member or client of the network"],
    ["an admin e-mail already in use (any case)", withAdmin({ email: "Casey@Harbor-Light.example.org" }), "input.firstAdmin.email: already belongs to a member of the network"],
  ])("onboarding with %s", async (_label, input, problem) => {
    const before = await organizationCount();
    const response = await network.query(ONBOARD, { input }, { as: "steward" });
    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors![0]!.message).toBe(`Invalid input: ${problem}`);
    expect(response.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.BAD_USER_INPUT);
    expect(await organizationCount()).toBe(before);
    expectCode(
      await network.query(DIRECTORY, undefined, { as: await tokenOf(String(withAdmin({}).firstAdmin.subject), DEMO_ORGS.harborLight) }),
      401,
      ERROR_CODES.PRINCIPAL_UNKNOWN,
    );
  });

  const person = { displayName: "Pat Helper (test)", email: "pat@harbor-light.example.org", subject: "idp|harbor-pat" };

  it.each<[string, string, Record<string, unknown>, string]>([
    ["inviting a steward", INVITE, { input: { ...person, roles: ["NETWORK_STEWARD"] } }, "input.roles.0: NETWORK_STEWARD cannot be given by an organisation admin"],
    [
      "inviting a liaison officer into a shelter",
      INVITE,
      { input: { ...person, roles: ["CASEWORKER", "LIAISON_OFFICER"] } },
      "input.roles.1: LIAISON_OFFICER is only for members of a law-enforcement liaison organisation",
    ],
    ["inviting with no role", INVITE, { input: { ...person, roles: [] } }, "input.roles: give at least one role"],
    ["inviting with a role twice", INVITE, { input: { ...person, roles: ["CASEWORKER", "CASEWORKER"] } }, "input.roles: must not repeat a role"],
    ["inviting with an empty name", INVITE, { input: { ...person, displayName: "", roles: ["CASEWORKER"] } }, "input.displayName: must not be empty"],
    [
      "inviting an existing subject",
      INVITE,
      { input: { ...person, subject: DEMO_MEMBERS.northstarCaseworker, roles: ["CASEWORKER"] } },
      "input.subject: is already a member or client of the network",
    ],
    [
      "making a member a steward",
      SET_ROLES,
      { id: DEMO_MEMBERS.harborCaseworker, roles: ["NETWORK_STEWARD"] },
      "input.roles.0: NETWORK_STEWARD cannot be given by an organisation admin",
    ],
    ["a member id that is no UUID", SET_ROLES, { id: "casey", roles: ["CASEWORKER"] }, "input.id: must be a UUID"],
  ])("%s", async (_label, query, variables, problem) => {
    const before = await membersOf(DEMO_ORGS.harborLight, "harbor-admin");
    const response = await network.query(query, variables, { as: "harbor-admin" });
    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(response.body.errors![0]!.message).toBe(`Invalid input: ${problem}`);
    expect(response.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.BAD_USER_INPUT);
    expect(await membersOf(DEMO_ORGS.harborLight, "harbor-admin")).toEqual(before);
  });
});

describe("with Redis (gateways cache member records by revision)", () => {
  it.runIf(redis !== null)(
    "announces every change: an invitation, a role change and a deactivation each count on the next request",
    async () => {
      const shared = await startTestNetwork({ redis: redis!, redisKeyPrefix: `srn-test-${randomUUID()}:` });
      try {
        const token = { token: await shared.issuer.sign({ subject: "idp|harbor-remy", organizationId: DEMO_ORGS.harborLight, expiresIn: 3600 }) };
        // Unknown, and remembered as unknown at this revision.
        expectCode(await shared.query(DIRECTORY, undefined, { as: token }), 401, ERROR_CODES.PRINCIPAL_UNKNOWN);
        const invited = await shared.query<{ inviteMember: Member }>(
          INVITE,
          { input: { displayName: "Remy Caseworker (test)", email: "remy@harbor-light.example.org", subject: "idp|harbor-remy", roles: ["CASEWORKER"] } },
          { as: "harbor-admin" },
        );
        const remy = invited.body.data!.inviteMember;
        expect((await shared.query(DIRECTORY, undefined, { as: token })).status).toBe(200);
        expectCode(await shared.query(MEMBERS, { org: DEMO_ORGS.harborLight }, { as: token }), 200, ERROR_CODES.ROLE_FORBIDDEN);
        await shared.query(SET_ROLES, { id: remy.id, roles: ["ORG_ADMIN"] }, { as: "harbor-admin" });
        expect((await shared.query(MEMBERS, { org: DEMO_ORGS.harborLight }, { as: token })).body.errors).toBeUndefined();
        await shared.query(DEACTIVATE, { id: remy.id }, { as: "harbor-admin" });
        expectCode(await shared.query(DIRECTORY, undefined, { as: token }), 401, ERROR_CODES.PRINCIPAL_INACTIVE);
      } finally {
        await shared.stop();
      }
    },
    120_000,
  );
});
