import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEV_ISSUER, devAuthConfig } from "../../../gateway/auth/devIssuer.js";
import { runTokenCommand } from "../../../gateway/auth/token-command.js";
import { createTokenVerifier } from "../../../gateway/auth/verifyToken.js";
import { DEMO_CLIENTS, DEMO_MEMBERS, DEMO_ORGS, DEMO_PRINCIPALS } from "../../../vocabulary/demoIds.js";
import { tempDir } from "./kit.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");

let dataDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir: dataDir, remove: cleanup } = await tempDir());
});
afterEach(() => cleanup());

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runTokenCommand(
    argv,
    { DATA_DIR: dataDir, ...env },
    {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
    },
  );
  return { code, stdout, stderr };
}
const verify = (stdout: string) => createTokenVerifier(devAuthConfig(dataDir)).verify(`Bearer ${stdout.trim()}`);

describe("npm run token", () => {
  it("prints only a token for a seeded member on stdout, with its id, organisation and roles", async () => {
    const { code, stdout, stderr } = await run(["clinic-admin"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(stderr).toContain("Development token for clinic-admin");
    await expect(verify(stdout)).resolves.toMatchObject({
      subject: DEMO_MEMBERS.clinicAdmin,
      organizationId: DEMO_ORGS.exampleJusticeClinic,
      roles: ["ORG_ADMIN", "CASEWORKER"],
      issuer: DEV_ISSUER,
    });
  });

  it("issues for a seeded partner-app client too", async () => {
    const { code, stdout } = await run(["harbor-app"]);
    expect(code).toBe(0);
    await expect(verify(stdout)).resolves.toMatchObject({ subject: DEMO_CLIENTS.harborDirectoryApp, roles: ["PARTNER_APP"] });
  });

  it("issues for any subject given --subject, --org and --roles", async () => {
    const org = "7a1f3c9e-2b4d-4e8f-9a0b-1c2d3e4f5a6b";
    const { code, stdout } = await run(["--subject", "auditor-1", "--org", org, "--roles", "AUDITOR, VIEWER"]);
    expect(code).toBe(0);
    await expect(verify(stdout)).resolves.toMatchObject({ subject: "auditor-1", organizationId: org, roles: ["AUDITOR", "VIEWER"] });
  });

  it("honours --ttl and --audience", async () => {
    const { code, stdout } = await run(["harbor-caseworker", "--ttl", "120", "--audience", "another-gateway"]);
    expect(code).toBe(0);
    const [, payload] = stdout.trim().split(".");
    const claims = JSON.parse(Buffer.from(payload as string, "base64url").toString()) as { aud: string; exp: number; iat: number };
    expect(claims.aud).toBe("another-gateway");
    expect(claims.exp - claims.iat).toBe(120);
  });

  it("with no arguments lists every member and app with its roles and organisation by name, and exits 0", async () => {
    const { code, stdout, stderr } = await run([]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    for (const { key, roles } of DEMO_PRINCIPALS) expect(stdout).toMatch(new RegExp(`^  ${key} +(member|app) +${roles.join(",")} +\\S.* \\(demo\\) \\([0-9a-f-]{36}\\)$`, "m"));
    expect(stdout).toContain("Harbor Light Shelter (demo)");
  });

  it("lists an organisation admin for every demo organisation that takes part in referrals", () => {
    const orgsWithAdmin = new Set(DEMO_PRINCIPALS.filter((p) => (p.roles as readonly string[]).includes("ORG_ADMIN")).map((p) => p.organizationId));
    for (const [key, id] of Object.entries(DEMO_ORGS)) if (key !== "networkCoordination") expect(orgsWithAdmin.has(id), key).toBe(true);
  });

  it("with an unknown key names it, lists the principals and exits 1", async () => {
    const { code, stdout, stderr } = await run(["harbour-caseworker"]);
    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
    expect(stderr).toMatch(/^token: unknown principal "harbour-caseworker"\. Available:\n {2}harbor-caseworker /);
    for (const { key } of DEMO_PRINCIPALS) expect(stderr).toContain(`  ${key} `);
  });

  it.each([
    [["--subject", "x"], "token: --subject and --org are both required"],
    [["--subject", "x", "--org", "not-a-uuid"], "token: --org must be a UUID"],
    [["harbor-caseworker", "--org", DEMO_ORGS.northstar], "token: give one <who>, or --subject and --org, not both"],
    [["harbor-caseworker", "steward"], "token: give one <who>, or --subject and --org, not both"],
    [["harbor-caseworker", "--ttl", "43201"], "token: --ttl must be a number of seconds from 1 to 43200"],
    [["harbor-caseworker", "--ttl", "1h"], "token: --ttl must be a number of seconds from 1 to 43200"],
  ])("refuses %j", async (argv, message) => {
    const { code, stdout, stderr } = await run(argv);
    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
    expect(stderr.split("\n")[0]).toBe(message);
  });

  it("refuses to run with NODE_ENV=production, and makes no key", async () => {
    const { code, stdout, stderr } = await run(["harbor-caseworker"], { NODE_ENV: "production" });
    expect({ code, stdout, stderr }).toEqual({
      code: 1,
      stdout: "",
      stderr: "token: refused: NODE_ENV=production (the development issuer is for development only)\n",
    });
    expect(await readdir(dataDir)).toEqual([]);
  });

  it("works as documented: TOKEN=$(npm run -s token -- harbor-caseworker)", async () => {
    const { stdout, stderr } = await promisify(execFile)("npm", ["run", "-s", "token", "--", "harbor-caseworker"], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: "development" },
    });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(stderr).toContain("Development token for harbor-caseworker");
    await expect(verify(stdout)).resolves.toMatchObject({ subject: DEMO_MEMBERS.harborCaseworker, organizationId: DEMO_ORGS.harborLight });
  });
});
