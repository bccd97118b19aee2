// `npm run subgraph -- <name>`: runs the subgraph of that name alone, as its own process (its
// folder's main.ts), so that a new partner type needs no script of its own.
import { SUBGRAPH_NAMES, type SubgraphName } from "../vocabulary/subgraphs.js";

const name = process.argv[2];
if (!(SUBGRAPH_NAMES as readonly string[]).includes(name ?? "")) {
  console.error(`Usage: npm run subgraph -- <${SUBGRAPH_NAMES.join("|")}>`);
  process.exit(2);
}
await import(`./${name as SubgraphName}/main.ts`);
