import "reflect-metadata";
import { runSubgraphProcess } from "../kit/main.js";
import { networkSubgraph } from "./index.js";

await runSubgraphProcess(networkSubgraph);
