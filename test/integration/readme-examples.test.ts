/**
 * The README's worked examples are true: every ```graphql block of its section "Worked examples"
 * runs, in order, on a fresh network, as the principal and with the purpose its first line names,
 * and answers without an error. `{{field.path}}` in a block stands for what an earlier block's root
 * field answered (an id it created).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseMode } from "../support/databases.js";
import type { DemoPrincipalKey } from "../support/issuer.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";

interface Example {
  as: DemoPrincipalKey;
  purpose?: string;
  query: string;
}

function examples(): Example[] {
  const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
  const start = readme.indexOf("\n## Worked examples");
  expect(start, "README has the section").toBeGreaterThan(-1);
  const section = readme.slice(start + 1).split(/\n## /)[0]!;
  return [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map(([, block]) => {
    const [first, ...rest] = block!.split("\n");
    const header = /^# as ([a-z-]+)(?: · ([A-Z_]+))?$/.exec(first!);
    expect(header, `first line names the principal: ${first}`).not.toBeNull();
    return { as: header![1] as DemoPrincipalKey, ...(header![2] ? { purpose: header![2] } : {}), query: rest.join("\n") };
  });
}

let network: TestNetwork;

beforeAll(async () => {
  network = await startTestNetwork();
}, 120_000);

afterAll(async () => {
  await network?.stop();
});

describe(`the README's worked examples (${databaseMode})`, () => {
  it("run in order, each as its principal, without an error", async () => {
    const list = examples();
    expect(list.length).toBeGreaterThanOrEqual(8);
    const answers: Record<string, unknown> = {};
    const lookup = (reference: string) => reference.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], answers);
    for (const example of list) {
      const query = example.query.replace(/\{\{([\w.]+)\}\}/g, (_, reference: string) => {
        const value = lookup(reference);
        expect(typeof value, `${reference} answered before it is used`).toBe("string");
        return value as string;
      });
      const response = await network.query<Record<string, unknown>>(query, undefined, { as: example.as, ...(example.purpose ? { purpose: example.purpose } : {}) });
      expect(response.body.errors, query).toBeUndefined();
      expect(response.status).toBe(200);
      Object.assign(answers, response.body.data);
    }
    // What they did is there: the referral was acknowledged, the agreement is in force.
    expect(answers.acknowledgeReferral).toEqual({ status: "ACKNOWLEDGED", version: 2 });
    expect(answers.countersignAgreement).toEqual({ status: "ACTIVE", effectiveStatus: "ACTIVE" });
    // The webhook is listed, and has no deliveries: nothing happened after it was registered.
    const webhook = (answers.registerWebhook as { subscription: { id: string } }).subscription;
    expect((answers.webhookSubscriptions as { edges: { node: { id: string; active: boolean } }[] }).edges.map((e) => e.node)).toContainEqual(
      expect.objectContaining({ id: webhook.id, active: true }),
    );
    expect(answers.webhookDeliveries).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });
});
