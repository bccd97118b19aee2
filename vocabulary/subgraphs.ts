/** The partner subgraphs of the network, by the name every part uses for them (ports, databases, assertions, migrations). */
export const SUBGRAPH_NAMES = ["network", "shelters", "legal-aid", "law-enforcement"] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** Each subgraph's port when none is configured (`<NAME>_PORT`): the subgraphs listen there, the supergraph and the workers look there. */
export const DEFAULT_SUBGRAPH_PORTS: Record<SubgraphName, number> = {
  network: 4101,
  shelters: 4102,
  "legal-aid": 4103,
  "law-enforcement": 4104,
};
