import "reflect-metadata";
import { runSubgraphProcess } from "../kit/subgraphProcess.js";
import { legalAidSubgraph } from "./index.js";

await runSubgraphProcess(legalAidSubgraph);
