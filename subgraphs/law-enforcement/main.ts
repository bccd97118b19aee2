import "reflect-metadata";
import { runSubgraphProcess } from "../kit/main.js";
import { lawEnforcementSubgraph } from "./index.js";

await runSubgraphProcess(lawEnforcementSubgraph);
