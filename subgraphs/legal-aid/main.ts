import "reflect-metadata";
import { runSubgraphProcess } from "../kit/main.js";
import { legalAidSubgraph } from "./index.js";

await runSubgraphProcess(legalAidSubgraph);
