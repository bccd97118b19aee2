import "reflect-metadata";
import { runSubgraphProcess } from "../kit/subgraphProcess.js";
import { networkSubgraph } from "./index.js";

await runSubgraphProcess(networkSubgraph);
