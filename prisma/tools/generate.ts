// Generates the Prisma client of every subgraph (run by `npm install` / `npm ci`).
// `prisma generate` only needs the schema engine's path to exist, not the binary itself, which
// cannot be downloaded on air-gapped machines: /bin/false (or any existing file) stands in.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SUBGRAPH_NAMES } from "../../vocabulary/subgraphs.js";

const PRISMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SUBGRAPHS = SUBGRAPH_NAMES;
const stubEngine = existsSync("/bin/false") ? "/bin/false" : fileURLToPath(import.meta.url);

for (const name of SUBGRAPHS) {
  const result = spawnSync("npx", ["prisma", "generate", "--schema", path.join(PRISMA_DIR, name, "schema.prisma")], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? stubEngine, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  if (result.status !== 0) {
    console.error(`prisma generate failed for ${name}`);
    process.exit(result.status ?? 1);
  }
  console.log(`Generated the Prisma client of ${name}.`);
}
