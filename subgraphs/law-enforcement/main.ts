import "reflect-metadata";
import { runSubgraphProcess } from "../kit/subgraphProcess.js";
import { lawEnforcementSubgraph } from "./index.js";

await runSubgraphProcess(lawEnforcementSubgraph);
