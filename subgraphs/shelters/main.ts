import "reflect-metadata";
import { runSubgraphProcess } from "../kit/subgraphProcess.js";
import { sheltersSubgraph } from "./index.js";

await runSubgraphProcess(sheltersSubgraph);
