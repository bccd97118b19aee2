import "reflect-metadata";
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { applyMigrations, readMigrations } from "../../subgraphs/kit/migrations.js";
import { SUBGRAPH_NAMES } from "../../vocabulary/subgraphs.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

declare module "vitest" {
  export interface ProvidedContext {
    /** Per subgraph, a PGlite data-dir tarball with every migration applied. */
    embeddedTemplates: Record<string, string>;
  }
}

/**
 * initdb in PGlite takes seconds per database; a tarball of a migrated database loads in well
 * under one. Made once per run (and per migration set), shared by every test file.
 */
export default async function setup(project: TestProject) {
  const dir = path.join(os.tmpdir(), "srn-test-templates");
  await mkdir(dir, { recursive: true });
  const templates: Record<string, string> = {};
  for (const name of SUBGRAPH_NAMES) {
    const migrations = await readMigrations(path.join(ROOT, "prisma", name, "migrations"));
    const hash = createHash("sha256")
      .update(migrations.map((m) => `${m.name}:${m.checksum}`).join("\n"))
      .digest("hex")
      .slice(0, 16);
    const file = path.join(dir, `${name}-${hash}.tar`);
    const exists = await stat(file).then(
      () => true,
      () => false,
    );
    if (!exists) {
      const db = await PGlite.create();
      await applyMigrations({ query: async (sql, params) => (await db.query(sql, params)).rows as never, exec: async (sql) => void (await db.exec(sql)) }, migrations);
      const dump = await db.dumpDataDir("none");
      await db.close();
      const partial = `${file}.${process.pid}`;
      await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
      await rename(partial, file);
    }
    await readFile(file); // fail here, loudly, if the template is unreadable
    templates[name] = file;
  }
  project.provide("embeddedTemplates", templates);
}
