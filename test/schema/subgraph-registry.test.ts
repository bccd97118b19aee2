/**
 * A partner type is registered once, in vocabulary/subgraphs.ts, and everything else follows from
 * that list or is checked against it here: a subgraph named there and missing anywhere below (or
 * present below and not named there) fails this test. The ports are a Record over the names, so
 * TypeScript holds those.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SUBGRAPHS } from "../../subgraphs/index.js";
import { DEFAULT_SUBGRAPH_PORTS } from "../../subgraphs/kit/config.js";
import { SUBGRAPH_NAMES } from "../../vocabulary/subgraphs.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const folders = (dir: string, except: readonly string[]) =>
  readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !except.includes(entry.name))
    .map((entry) => entry.name)
    .sort();
const names = [...SUBGRAPH_NAMES].sort();

describe("the subgraph registry", () => {
  it("names each subgraph once, and the network starts first (the others look their members up there)", () => {
    expect(new Set(SUBGRAPH_NAMES).size).toBe(SUBGRAPH_NAMES.length);
    expect(SUBGRAPHS.map((definition) => definition.name)).toEqual([...SUBGRAPH_NAMES]);
    expect(SUBGRAPH_NAMES[0]).toBe("network");
  });

  it("has a folder of code and one of Prisma schema and migrations for each, and no folder for a subgraph it does not name", () => {
    expect(folders("subgraphs", ["kit"])).toEqual(names);
    expect(folders("prisma", ["tools"])).toEqual(names);
    for (const name of names) {
      expect(existsSync(path.join(ROOT, "subgraphs", name, "main.ts")), `subgraphs/${name}/main.ts`).toBe(true);
      expect(existsSync(path.join(ROOT, "prisma", name, "schema.prisma")), `prisma/${name}/schema.prisma`).toBe(true);
    }
  });

  it("has its composed SDL in schema/ and a script to run it alone, and a port of its own", () => {
    const sdl = readdirSync(path.join(ROOT, "schema"))
      .filter((file) => file.endsWith(".graphql") && file !== "supergraph.graphql")
      .map((file) => file.replace(/\.graphql$/, ""))
      .sort();
    expect(sdl).toEqual(names);
    // One script runs any of them by name (subgraphs/main.ts runs the folder's main.ts); none per subgraph.
    const scripts = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.subgraph).toBe("tsx subgraphs/main.ts");
    expect(Object.keys(scripts).filter((script) => script.startsWith("subgraph:"))).toEqual([]);
    expect(new Set(Object.values(DEFAULT_SUBGRAPH_PORTS)).size).toBe(names.length);
  });
});
