import "reflect-metadata";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { composeServices } from "@apollo/composition";
import { printSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { queryableCategories, renderQueryableCategories } from "../gateway/policy/queryableCategories.js";
import { readSchemaPolicy } from "../gateway/policy/schemaPolicy.js";
import { defaultSubgraphUrl, SUBGRAPHS } from "../subgraphs/index.js";
import { formatSchemaLintErrors, lintSubgraphSchemas, lintSupergraphSchema, type SchemaLintError } from "./lint.js";

export const SCHEMA_DIR = path.dirname(fileURLToPath(import.meta.url));
export const SUPERGRAPH_FILE = path.join(SCHEMA_DIR, "supergraph.graphql");
/** The files below are named from here, the repository's root. */
const ROOT = path.resolve(SCHEMA_DIR, "..");

export interface ComposedFiles {
  /** File name in `schema/` → contents. */
  files: Map<string, string>;
  hints: string[];
}

export class CompositionFailed extends Error {
  override name = "CompositionFailed";
}

/** The schema lint (schema/lint.ts) refused a subgraph or the supergraph. */
export class SchemaLintFailed extends CompositionFailed {
  override name = "SchemaLintFailed";
  constructor(readonly problems: readonly SchemaLintError[]) {
    super(formatSchemaLintErrors(problems));
  }
}

/**
 * Composes the subgraphs' SDLs (as built from their code) into the supergraph, linting the
 * subgraphs before and the supergraph after (throws SchemaLintFailed), and derives from the
 * supergraph what each role may query at all (policy/queryableCategories.ts: a plain table, so that the
 * network subgraph's dry run reads it from a floor below it).
 */
export function composeSupergraph(): ComposedFiles {
  const files = new Map<string, string>();
  const sdls = SUBGRAPHS.map((definition) => ({ name: definition.name, sdl: printSubgraphSchema(definition.schema()) }));
  const subgraphProblems = lintSubgraphSchemas(sdls);
  if (subgraphProblems.length > 0) throw new SchemaLintFailed(subgraphProblems);
  const services = sdls.map(({ name, sdl }) => {
    files.set(`schema/${name}.graphql`, `${sdl.trimEnd()}\n`);
    return { name, url: defaultSubgraphUrl(name), typeDefs: parse(sdl) };
  });
  const result = composeServices(services);
  const hints = (result.hints ?? []).map((hint) => `${hint.definition.code}: ${hint.message}`);
  if (result.errors) {
    const details = result.errors.map((error) => `  - ${(error.extensions?.code as string | undefined) ?? "ERROR"}: ${error.message}`);
    throw new CompositionFailed(`Composition failed:\n${details.join("\n")}${hints.length ? `\nHints:\n  - ${hints.join("\n  - ")}` : ""}`);
  }
  const supergraphProblems = lintSupergraphSchema(result.supergraphSdl, sdls);
  if (supergraphProblems.length > 0) throw new SchemaLintFailed(supergraphProblems);
  files.set("schema/supergraph.graphql", `${result.supergraphSdl.trimEnd()}\n`);
  // What the roles may query at all, for the subgraphs that predict the gateway (the sharing dry run).
  files.set("policy/queryableCategories.ts", renderQueryableCategories(queryableCategories(readSchemaPolicy(result.supergraphSdl))));
  return { files, hints };
}

/** The files (named from the repository's root) that differ from a fresh composition. */
export async function staleSchemaFiles(composed: ComposedFiles = composeSupergraph()): Promise<string[]> {
  const stale: string[] = [];
  for (const [name, contents] of composed.files) {
    const current = await readFile(path.join(ROOT, name), "utf8").catch(() => null);
    if (current !== contents) stale.push(name);
  }
  return stale;
}

async function main() {
  const check = process.argv.includes("--check");
  let composed: ComposedFiles;
  try {
    composed = composeSupergraph();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  // Hints point at schema smells (inconsistent shared types and the like); we keep none.
  if (composed.hints.length > 0) {
    console.error(`Composition produced hints, which this project treats as errors:\n  - ${composed.hints.join("\n  - ")}`);
    process.exit(1);
  }
  if (check) {
    const stale = await staleSchemaFiles(composed);
    if (stale.length > 0) {
      console.error(`Stale composed files: ${stale.join(", ")}. Run \`npm run compose\` and commit the result.`);
      process.exit(1);
    }
    console.log("schema/ is up to date.");
    return;
  }
  for (const [name, contents] of composed.files) await writeFile(path.join(ROOT, name), contents);
  console.log(`Wrote ${[...composed.files.keys()].join(", ")}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
