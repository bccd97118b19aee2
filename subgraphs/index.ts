import { DEFAULT_SUBGRAPH_PORTS } from "./kit/config.js";
import type { DatabaseClient, SubgraphDefinition } from "./kit/subgraph.js";
import type { SubgraphName } from "../vocabulary/subgraphs.js";
import { lawEnforcementSubgraph } from "./law-enforcement/index.js";
import { legalAidSubgraph } from "./legal-aid/index.js";
import { networkSubgraph } from "./network/index.js";
import { sheltersSubgraph } from "./shelters/index.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySubgraphDefinition = SubgraphDefinition<DatabaseClient, any>;

/** Every subgraph of the network, in the order they start. */
export const SUBGRAPHS: readonly AnySubgraphDefinition[] = [networkSubgraph, sheltersSubgraph, legalAidSubgraph, lawEnforcementSubgraph];

/** The URL written into the composed supergraph; deployments override it per subgraph. */
export function defaultSubgraphUrl(name: SubgraphName): string {
  return `http://127.0.0.1:${DEFAULT_SUBGRAPH_PORTS[name]}/graphql`;
}
