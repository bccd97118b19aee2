import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { DEMO_ORG_NAMES, DEMO_ORGS, DEMO_PRINCIPALS } from "../../vocabulary/demoIds.js";
import { DEFAULT_AUTH_AUDIENCE } from "./config.js";
import { DEV_TOKEN_DEFAULT_TTL_S, DEV_TOKEN_MAX_TTL_S, loadOrCreateDevIssuer } from "./devIssuer.js";

export interface CommandOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const USAGE = `Usage: npm run -s token -- <who> [--ttl <seconds>] [--audience <aud>]
       npm run -s token -- --subject <id> --org <uuid> [--roles A,B] [--ttl <seconds>] [--audience <aud>]
Prints a token of the development issuer on stdout, e.g. TOKEN=$(npm run -s token -- harbor-caseworker).
The gateway trusts it only with GATEWAY_MODE=development AUTH_DEV_ISSUER=true and the same DATA_DIR.`;

const ORG_NAME_BY_ID = new Map(Object.entries(DEMO_ORGS).map(([key, id]) => [id, DEMO_ORG_NAMES[key as keyof typeof DEMO_ORGS]]));

/** One line per seeded member and app: its key, what it is, its organisation (name and id) and roles. */
function principalList(): string {
  const width = Math.max(...DEMO_PRINCIPALS.map((p) => p.key.length));
  return DEMO_PRINCIPALS.map(
    (p) =>
      `  ${p.key.padEnd(width)}  ${p.kind === "member" ? "member" : "app   "}  ${p.roles.join(",").padEnd(20)}  ${ORG_NAME_BY_ID.get(p.organizationId) ?? "?"} (${p.organizationId})`,
  ).join("\n");
}

/**
 * `npm run token`: prints a development token for a seeded principal (or any subject) on
 * stdout and nothing else, so that it can be captured; everything for the reader goes to stderr.
 * Returns the exit code.
 */
export async function runTokenCommand(argv: readonly string[], env: NodeJS.ProcessEnv, out: CommandOutput): Promise<number> {
  const fail = (message: string) => {
    out.stderr(`token: ${message}\n`);
    return 1;
  };
  // A token of the development issuer is a master key to the demo network; the command has no
  // business near a production environment, where the key file must not exist at all.
  if (env.NODE_ENV === "production") {
    return fail("refused: NODE_ENV=production (the development issuer is for development only)");
  }
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        ttl: { type: "string" },
        audience: { type: "string" },
        subject: { type: "string" },
        org: { type: "string" },
        roles: { type: "string" },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
  const { positionals, values } = args;
  const custom = values.subject !== undefined || values.org !== undefined || values.roles !== undefined;

  let claims: { subject: string; organizationId: string; roles: string[] };
  let who: string;
  if (positionals.length > 1 || (positionals.length === 1 && custom)) {
    return fail(`give one <who>, or --subject and --org, not both\n${USAGE}`);
  } else if (positionals.length === 1) {
    const key = positionals[0] as string;
    const principal = DEMO_PRINCIPALS.find((p) => p.key === key);
    if (!principal) return fail(`unknown principal "${key}". Available:\n${principalList()}`);
    claims = { subject: principal.id, organizationId: principal.organizationId, roles: [...principal.roles] };
    who = principal.key;
  } else if (custom) {
    if (!values.subject || !values.org) return fail(`--subject and --org are both required\n${USAGE}`);
    if (!z.uuid().safeParse(values.org).success) return fail("--org must be a UUID");
    const roles = (values.roles ?? "")
      .split(",")
      .map((r) => r.trim())
      .filter((r) => r.length > 0);
    claims = { subject: values.subject, organizationId: values.org, roles };
    who = values.subject;
  } else {
    // Asking with nothing is asking who there is: the list, on stdout, and success.
    out.stdout(`${USAGE}\n\nSeeded members and partner apps (key, kind, roles, organisation):\n${principalList()}\n`);
    return 0;
  }

  let ttlSeconds = DEV_TOKEN_DEFAULT_TTL_S;
  if (values.ttl !== undefined) {
    ttlSeconds = /^\d+$/.test(values.ttl) ? Number(values.ttl) : Number.NaN;
    if (!(ttlSeconds >= 1 && ttlSeconds <= DEV_TOKEN_MAX_TTL_S)) {
      return fail(`--ttl must be a number of seconds from 1 to ${DEV_TOKEN_MAX_TTL_S}`);
    }
  }
  const audience = values.audience ?? env.AUTH_AUDIENCE ?? DEFAULT_AUTH_AUDIENCE;
  const dataDir = env.DATA_DIR ?? ".data";

  const issuer = await loadOrCreateDevIssuer(dataDir);
  const token = await issuer.issue({ ...claims, ttlSeconds }, audience);
  out.stdout(`${token}\n`);
  out.stderr(
    `Development token for ${who} (subject ${claims.subject}, organisation ${claims.organizationId}, ` +
      `roles ${claims.roles.join(",") || "none"}), audience ${audience}, valid ${ttlSeconds} s.\n` +
      `The gateway trusts it with GATEWAY_MODE=development AUTH_DEV_ISSUER=true DATA_DIR=${dataDir}.\n` +
      `Use it as: curl -H "Authorization: Bearer $TOKEN" ...\n`,
  );
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await runTokenCommand(process.argv.slice(2), process.env, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
