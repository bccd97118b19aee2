import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import { exportJWK } from "jose";
import pg from "pg";
import { ASSERTION_HEADER, createAssertionSigner, type SignedRequest } from "../../platform/assertion.js";
import { generateAssertionKeyPair } from "../../platform/keys.js";
import { createNetworkClient } from "../../subgraphs/network/db.js";
import { verifyLedger } from "../../subgraphs/network/ledger/ledger.js";
import { SYSTEM_PRINCIPAL } from "../../vocabulary/principal.js";
import { percentile } from "./percentile.js";

// `npm run bench:ledger`: how many disclosure reports the network subgraph records a second. The
// network subgraph runs as its own process on a fresh PostgreSQL database (BENCH_DATABASE_URL, an
// admin connection; default the local server), and this process plays the gateways: `callers`
// concurrent callers each send `_appendDisclosures` for a response about `survivors` survivors,
// signed as the gateway signs, one after another for `seconds`. The same run with one caller is the
// baseline the ratio is taken against. At the end the whole chain is verified.

const { values: flags } = parseArgs({
  options: {
    callers: { type: "string", default: "64" },
    survivors: { type: "string", default: "50" },
    seconds: { type: "string", default: "15" },
    // A folder for a CPU profile of the network subgraph's process (node --cpu-prof), to see where its time goes.
    profile: { type: "string" },
  },
});
const CALLERS = Number(flags.callers);
const SURVIVORS = Number(flags.survivors);
const SECONDS = Number(flags.seconds);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const APPEND = `mutation Append($input: DisclosureInput!) { _appendDisclosures(input: $input) { seq hash } }`;
const ORGANIZATION = "00000000-0000-4000-8000-00000000b001";
const OWNER = "00000000-0000-4000-8000-00000000b002";

/** What the gateway reports for one answer about `survivors` survivors: a resident profile released as owner, a legal profile withheld. */
function disclosureInput(survivors: readonly string[]) {
  return {
    requestId: randomUUID(),
    actorKind: "member",
    actorId: "00000000-0000-4000-8000-00000000b003",
    organizationId: ORGANIZATION,
    roles: ["CASEWORKER"],
    purpose: "SERVICE_REFERRAL",
    operationName: "BenchSurvivors",
    items: survivors.flatMap((survivorId, index) => [
      {
        recordType: "ResidentProfile",
        recordId: `resident-${index}`,
        survivorId,
        ownerOrganizationId: ORGANIZATION,
        category: "IDENTITY",
        fields: ["legalName"],
        released: true,
        basis: "OWNER",
      },
      {
        recordType: "ResidentProfile",
        recordId: `resident-${index}`,
        survivorId,
        ownerOrganizationId: ORGANIZATION,
        category: "CONTACT",
        fields: ["phone"],
        released: true,
        basis: "OWNER",
      },
      {
        recordType: "LegalProfile",
        recordId: `legal-${index}`,
        survivorId,
        ownerOrganizationId: OWNER,
        category: "IMMIGRATION",
        fields: ["immigrationStatus", "caseStage"],
        released: false,
        code: "CONSENT_REQUIRED",
      },
    ]),
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the network subgraph exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the network subgraph did not become ready within 2 minutes");
}

interface Phase {
  callers: number;
  appends: number;
  failures: Map<string, number>;
  seconds: number;
  latencies: number[];
}

async function runPhase(url: string, sign: (body: SignedRequest) => Promise<string>, callers: number, seconds: number): Promise<Phase> {
  const survivors = Array.from({ length: SURVIVORS }, () => randomUUID());
  const phase: Phase = { callers, appends: 0, failures: new Map(), seconds, latencies: [] };
  const fail = (why: string) => phase.failures.set(why, (phase.failures.get(why) ?? 0) + 1);
  const started = performance.now();
  const end = started + seconds * 1000;
  const caller = async () => {
    while (performance.now() < end) {
      const body = { query: APPEND, variables: { input: disclosureInput(survivors) } };
      const sent = performance.now();
      try {
        const response = await fetch(`${url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", [ASSERTION_HEADER]: await sign(body) },
          body: JSON.stringify(body),
        });
        const answer = (await response.json()) as { data?: { _appendDisclosures?: { seq: string } }; errors?: { extensions?: { code?: string } }[] };
        if (response.ok && answer.data?._appendDisclosures?.seq) {
          phase.appends++;
          phase.latencies.push(performance.now() - sent);
        } else fail(answer.errors?.[0]?.extensions?.code ?? `HTTP ${response.status}`);
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: callers }, caller));
  phase.seconds = (performance.now() - started) / 1000;
  phase.latencies.sort((a, b) => a - b);
  return phase;
}

function report(phase: Phase): string {
  const failures = [...phase.failures].map(([why, n]) => `${why} ×${n}`).join(", ") || "none";
  const rate = phase.appends / phase.seconds;
  return (
    `  ${String(phase.callers).padStart(3)} callers: ${rate.toFixed(0).padStart(6)} appends/s (${phase.appends} in ${phase.seconds.toFixed(1)} s), ` +
    `p50 ${percentile(phase.latencies, 50).toFixed(1)} ms, p99 ${percentile(phase.latencies, 99).toFixed(1)} ms; failed appends: ${failures}`
  );
}

async function main(): Promise<void> {
  const database = `srn_bench_ledger_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const databaseUrl = new URL(ADMIN_URL);
  databaseUrl.pathname = `/${database}`;
  const folder = await mkdtemp(path.join(os.tmpdir(), "srn-bench-ledger-"));
  const keys = await generateAssertionKeyPair();
  const publicKeyFile = path.join(folder, "assertion-public.jwk");
  await writeFile(publicKeyFile, JSON.stringify(await exportJWK(keys.publicKey)));
  const port = await freePort();
  // Membership announcements and replay ids need no Redis here: one subgraph, one caller kind.
  const { REDIS_URL: _redis, ...environment } = process.env;
  const profiling = flags.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(flags.profile)}`] : [];
  const child = spawn(process.execPath, [...profiling, "--import", "tsx", "subgraphs/network/main.ts"], {
    env: {
      ...environment,
      NETWORK_PORT: String(port),
      NETWORK_DATABASE_URL: databaseUrl.toString(),
      GATEWAY_ASSERTION_PUBLIC_KEY_FILE: publicKeyFile,
      SEED_DEMO_DATA: "false",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(url, child);
    const signer = createAssertionSigner(keys.privateKey);
    const sign = (body: SignedRequest) => signer.sign("network", SYSTEM_PRINCIPAL, body, randomUUID());
    console.log(`Ledger appends: the network subgraph in its own process on PostgreSQL; each report lists ${SURVIVORS} survivors (${SURVIVORS * 3} items).`);
    await runPhase(url, sign, 4, 2); // warm-up, not reported
    const baseline = await runPhase(url, sign, 1, SECONDS);
    const loaded = await runPhase(url, sign, CALLERS, SECONDS);
    console.log(report(baseline));
    console.log(report(loaded));
    console.log(`  ratio ${CALLERS} callers / 1 caller: ${(loaded.appends / loaded.seconds / (baseline.appends / baseline.seconds)).toFixed(2)}`);
    const db = createNetworkClient(new PrismaPg({ connectionString: databaseUrl.toString() }));
    try {
      const verdict = await verifyLedger(db);
      console.log(verdict.ok ? `  the chain verifies: ${verdict.entries} entries` : `  THE CHAIN IS BROKEN at ${verdict.firstBroken}: ${verdict.reason}`);
      if (!verdict.ok || loaded.failures.size > 0 || baseline.failures.size > 0) process.exitCode = 1;
    } finally {
      await db.$disconnect();
    }
  } finally {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    await rm(folder, { recursive: true, force: true });
  }
}

await main();
