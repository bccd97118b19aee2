import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTokenCommand } from "../../gateway/auth/token-command.js";
import { envPrefix } from "../../platform/env.js";
import { DEMO_MEMBERS, DEMO_ORGS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { SUBGRAPH_NAMES } from "../../vocabulary/subgraphs.js";
import { createTestDatabases, databaseMode, type TestDatabases } from "../support/databases.js";
import { postGraphQL, type GraphQLResponse } from "../support/network.js";

// Every other suite starts from a prepared, already-migrated database. This one starts the
// network as `npm start` does — the same command, in its own process, on an empty data folder
// (or, on PostgreSQL, on empty databases) — so that migrating and serving in one process is
// tried at least once. Parameters of enum-array type failed only there ("malformed array
// literal" until a restart).

const ROOT = path.resolve(import.meta.dirname, "../..");
// Creating four embedded databases takes about 15 s on an idle machine, over a minute on a busy one.
const START_DEADLINE_MS = 240_000;

let folder: string;
let databases: TestDatabases | null = null;
let child: ChildProcess;
let output = "";
let endpoint: string;
let dataDir: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), "srn-first-start-"));
  dataDir = path.join(folder, "data"); // not created: a fresh checkout has no .data either
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    GATEWAY_PORT: "0",
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${envPrefix(name)}_PORT`, "0"])),
  };
  if (databaseMode === "postgres") {
    databases = await createTestDatabases(SUBGRAPH_NAMES);
    for (const name of SUBGRAPH_NAMES) {
      const location = databases.locationFor(name);
      if (location.kind === "postgres") env[`${envPrefix(name)}_DATABASE_URL`] = location.url;
    }
    env.SEED_DEMO_DATA = "true";
  }
  // Its own process group, so that stopping it stops npm, tsx and node together.
  child = spawn("npm", ["start"], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not report running within ${START_DEADLINE_MS} ms:\n${output}`)), START_DEADLINE_MS);
    const check = () => {
      const match = /Gateway\s+(http:\/\/\S+\/graphql)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", check);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
}, START_DEADLINE_MS + 10_000);

afterAll(async () => {
  if (child?.pid !== undefined && child.exitCode === null) {
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    process.kill(-child.pid, "SIGINT");
    const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 20_000))]);
    if (!stopped) process.kill(-child.pid, "SIGKILL");
  }
  await databases?.drop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** A development token, as `npm run -s token -- <args>` prints it, from the same DATA_DIR. */
async function tokenFor(args: readonly string[]): Promise<string> {
  let token = "";
  const code = await runTokenCommand(args, { DATA_DIR: dataDir }, { stdout: (text) => (token += text), stderr: () => undefined });
  expect(code).toBe(0);
  return token.trim();
}

/** `who`: a demo principal, or the arguments of the token command. */
async function ask<T>(who: string | readonly string[], query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  const token = await tokenFor(typeof who === "string" ? [who] : who);
  return postGraphQL<T>(endpoint, query, variables, { authorization: `Bearer ${token}` });
}

const DIRECTORY = `query($populations: [Population!]) {
  directory(filter: { populations: $populations }) {
    shelterPrograms { totalCount } legalServices { totalCount } liaisonUnits { totalCount }
  }
}`;
const SET_ROLES = "mutation($id: ID!, $roles: [MemberRole!]!) { setMemberRoles(id: $id, roles: $roles) { id roles active } }";
const DEACTIVATE = "mutation($id: ID!) { deactivateMember(id: $id) { id active } }";

describe(`the first start, as npm start does it (${databaseMode})`, () => {
  it("filters the directory by populations", async () => {
    const everyone = await ask("harbor-caseworker", DIRECTORY, {});
    const women = await ask("harbor-caseworker", DIRECTORY, { populations: ["ADULT_WOMEN"] });
    const minors = await ask("harbor-caseworker", DIRECTORY, { populations: ["UNACCOMPANIED_MINORS", "FAMILIES_WITH_CHILDREN"] });
    for (const response of [everyone, women, minors]) expect(response.body.errors, JSON.stringify(response.body)).toBeUndefined();
    expect(women.body.data).toEqual({ directory: { shelterPrograms: { totalCount: 2 }, legalServices: { totalCount: 2 }, liaisonUnits: { totalCount: 2 } } });
    expect(everyone.body.data).not.toEqual(minors.body.data);
  });

  it("demotes and deactivates an organisation admin, and refuses the last one", async () => {
    const lastAdmin = {
      message: "This is the organisation's last active admin: make another member an admin first",
      extensions: { code: ERROR_CODES.LAST_ORG_ADMIN },
    };
    const clinicAdmin = DEMO_MEMBERS.clinicAdmin;
    expect((await ask("clinic-admin", SET_ROLES, { id: clinicAdmin, roles: ["CASEWORKER"] })).body).toEqual({
      data: null,
      errors: [{ ...lastAdmin, path: ["setMemberRoles"] }],
    });
    expect((await ask("clinic-admin", DEACTIVATE, { id: clinicAdmin })).body).toEqual({
      data: null,
      errors: [{ ...lastAdmin, path: ["deactivateMember"] }],
    });

    // With a second admin at Harbor Light, the first may be demoted, made admin again, and deactivated.
    const { harborAdmin, harborCaseworker } = DEMO_MEMBERS;
    // A token without roles carries the member record's, which is what changes here.
    const promoted = ["--subject", harborCaseworker, "--org", DEMO_ORGS.harborLight];
    expect((await ask("harbor-admin", SET_ROLES, { id: harborCaseworker, roles: ["CASEWORKER", "ORG_ADMIN"] })).body).toEqual({
      data: { setMemberRoles: { id: harborCaseworker, roles: ["CASEWORKER", "ORG_ADMIN"], active: true } },
    });
    expect((await ask(promoted, SET_ROLES, { id: harborAdmin, roles: ["CASEWORKER"] })).body).toEqual({
      data: { setMemberRoles: { id: harborAdmin, roles: ["CASEWORKER"], active: true } },
    });
    expect((await ask(promoted, SET_ROLES, { id: harborAdmin, roles: ["ORG_ADMIN"] })).body.errors).toBeUndefined();
    expect((await ask(promoted, DEACTIVATE, { id: harborAdmin })).body).toEqual({
      data: { deactivateMember: { id: harborAdmin, active: false } },
    });
  });
});
