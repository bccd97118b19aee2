import "reflect-metadata";
import { runSubgraphProcess } from "../kit/main.js";
import { sheltersSubgraph } from "./index.js";

await runSubgraphProcess(sheltersSubgraph);
