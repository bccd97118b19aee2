/** The partner subgraphs of the network, by the name every part uses for them (ports, databases, assertions, migrations). */
export const SUBGRAPH_NAMES = ["network", "shelters", "legal-aid", "law-enforcement"] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];
