import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { networkSubgraph } from "../../subgraphs/network/index.js";
import { sheltersSubgraph } from "../../subgraphs/shelters/index.js";
import { startSubgraph } from "../../subgraphs/kit/subgraph.js";
import { createTestDatabases, databaseMode, type TestDatabases } from "../support/databases.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";

let network: TestNetwork;
let spare: TestDatabases;

beforeAll(async () => {
  network = await startTestNetwork();
  spare = await createTestDatabases(["shelters"]);
});

afterAll(async () => {
  await network?.stop();
  await spare?.drop();
});

async function readiness() {
  const response = await fetch(`${network.gateway.url}/ready`);
  return { status: response.status, body: (await response.json()) as { status: string; subgraphs: { name: string; ready: boolean; reason?: string }[] } };
}

describe(`gateway health and readiness (${databaseMode} databases)`, () => {
  it("is live and ready when every subgraph is", async () => {
    const health = await fetch(`${network.gateway.url}/health`);
    expect(health.status).toBe(200);
    const { status, body } = await readiness();
    expect(status).toBe(200);
    expect(body.status).toBe("ready");
    expect(body.subgraphs.map((s) => [s.name, s.ready]).sort()).toEqual([
      ["law-enforcement", true],
      ["legal-aid", true],
      ["network", true],
      ["shelters", true],
    ]);
  });

  it("is not ready while a subgraph is down, says which, and recovers when it is back", async () => {
    const shelters = network.subgraphs.get("shelters")!;
    const port = new URL(shelters.url).port;
    await shelters.stop();

    const down = await readiness();
    expect(down.status).toBe(503);
    expect(down.body.subgraphs.filter((s) => !s.ready)).toEqual([{ name: "shelters", ready: false, reason: "unreachable" }]);

    // The rest of the network still answers; the shelters part is an error, not a crash.
    const partial = await network.query(`{ directory { legalServices { totalCount } shelterPrograms { totalCount } } }`);
    expect(partial.status).toBe(200);
    expect(partial.body.data).toEqual({ directory: { legalServices: { totalCount: 3 }, shelterPrograms: null } });
    expect(partial.body.errors).toEqual([
      {
        message: "Part of the network is unavailable right now; the rest of the answer stands. Try again shortly.",
        extensions: { code: "SERVICE_UNAVAILABLE", requestId: partial.headers.get("x-request-id") },
      },
    ]);
    // The failure names no address of the subgraph.
    expect(JSON.stringify(partial.body.errors)).not.toMatch(/127\.0\.0\.1|localhost|:\d{4,5}/);

    const restarted = await startSubgraph(sheltersSubgraph, {
      database: spare.locationFor("shelters"),
      host: "127.0.0.1",
      port: Number(port),
      seedDemoData: true,
      assertionPublicKey: network.assertionKeys.publicKey,
    });
    network.subgraphs.set("shelters", restarted);
    const up = await readiness();
    expect(up.status).toBe(200);
    const again = await network.query<{ directory: { shelterPrograms: { totalCount: number } } }>(`{ directory { shelterPrograms { totalCount } } }`);
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data!.directory.shelterPrograms.totalCount).toBe(4);
  });

  it("answers health on a subgraph itself without touching GraphQL", async () => {
    const subgraph = network.subgraphs.get("network")!;
    expect(networkSubgraph.name).toBe("network");
    const response = await fetch(`${subgraph.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready", subgraph: "network" });
  });
});
