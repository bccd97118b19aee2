/**
 * The repository stands alone: a clone holds everything its files point to. No tracked file
 * refers to notes kept outside the repository, and every relative link in its Markdown (README.md,
 * docs/) leads to a tracked file or folder, and to a heading there when the link names one.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

// Spelled in pieces, so that this file does not match what it looks for.
const OUTSIDE_NOTES = [["..", "shared"].join("/"), ...["DESIGN", "STACK", "STYLE"].map((name) => `${name}.md`)];

function trackedFiles(): string[] | null {
  try {
    const out = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return out.split("\0").filter((file) => file !== "" && !file.split("/").includes("node_modules"));
  } catch (error) {
    const message = "git ls-files failed: the standalone checks need a git checkout of the repository.";
    if (process.env.CI) throw new Error(message, { cause: error });
    console.warn(`${message} Skipped.`);
    return null;
  }
}

/** A file's text, or null when it is tracked but gone from the working tree (deleted, not yet committed). */
function readTracked(file: string): string | null {
  try {
    return readFileSync(path.join(ROOT, file), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** `file:line: text` for every line that names one of the notes outside the repository. */
function outsideReferences(file: string, text: string): string[] {
  return text.split("\n").flatMap((line, index) => (OUTSIDE_NOTES.some((needle) => line.includes(needle)) ? [`${file}:${index + 1}: ${line.trim()}`] : []));
}

/** A Markdown file's lines, those of fenced code blocks (fences included) blanked. */
function linesOutsideFences(markdown: string): string[] {
  let fence: string | null = null;
  return markdown.split("\n").map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined && (fence === null || marker.startsWith(fence))) {
      fence = fence === null ? marker : null;
      return "";
    }
    return fence === null ? line : "";
  });
}

/** The anchors a renderer makes of a file's headings: lower case, punctuation dropped, spaces as hyphens; repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of linesOutsideFences(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Targets of inline links and images, and of reference definitions, in a file's prose. */
function linkTargets(markdown: string): { line: number; target: string }[] {
  // Inline code spans are blanked too: a link there is an example.
  return linesOutsideFences(markdown).flatMap((raw, index) => {
    const line = raw.replace(/`[^`]*`/g, "");
    const targets = [...line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/.exec(line)?.[1];
    return [...targets, ...(definition ? [definition] : [])].map((target) => ({ line: index + 1, target }));
  });
}

/**
 * `file:line: target (why)` for every relative link of a Markdown file that leads nowhere in the
 * repository: outside it, to a path no tracked file has, or to a heading the target does not have.
 */
function brokenLinks(file: string, markdown: string, tracked: readonly string[], read: (file: string) => string | null): string[] {
  const files = new Set(tracked);
  const folders = new Set(
    tracked.flatMap((f) =>
      f
        .split("/")
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join("/")),
    ),
  );
  const problems: string[] = [];
  for (const { line, target } of linkTargets(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, …: not a path of the repository
    const [rawPath = "", fragment] = target.split("#", 2);
    const report = (why: string) => problems.push(`${file}:${line}: ${target} (${why})`);
    let linked = file;
    if (rawPath !== "") {
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(rawPath))).replace(/\/$/, "");
      if (resolved === ".." || resolved.startsWith("../")) {
        report("outside the repository");
        continue;
      }
      if (!files.has(resolved) && !folders.has(resolved) && resolved !== ".") {
        report("no such file in the repository");
        continue;
      }
      linked = resolved;
    }
    if (fragment !== undefined && fragment !== "" && linked.endsWith(".md")) {
      const text = read(linked);
      if (text !== null && !headingAnchors(text).has(decodeURIComponent(fragment).toLowerCase())) report(`no heading "${fragment}" in ${linked}`);
    }
  }
  return problems;
}

const tracked = trackedFiles();

describe("the repository stands alone", () => {
  it.skipIf(tracked === null)("no tracked file refers to notes outside the repository", () => {
    const found = tracked!.flatMap((file) => {
      const text = readTracked(file);
      return text === null ? [] : outsideReferences(file, text);
    });
    expect(found).toEqual([]);
  });

  it.skipIf(tracked === null)("README.md exists and every relative link of the Markdown files leads to a file of the repository", () => {
    const markdown = tracked!.filter((file) => file.endsWith(".md"));
    expect(markdown).toContain("README.md");
    const broken = markdown.flatMap((file) => {
      const text = readTracked(file);
      return text === null ? [] : brokenLinks(file, text, tracked!, readTracked);
    });
    expect(broken).toEqual([]);
  });
});

describe("the standalone checks notice what they are for", () => {
  const files = ["README.md", "docs/design.md", "gateway/server.ts"];
  const texts: Record<string, string> = {
    "docs/design.md": "# Design\n\n## The consent rule\n\n## The consent rule\n\n### Hardening: what it refuses — and why\n",
  };
  const read = (file: string) => texts[file] ?? null;
  // In pieces again, or the first check would find this file.
  const up = ["..", "shared"].join("/");

  it("a reference to the notes outside", () => {
    const outside = `${up}/${"DESIGN"}.md`;
    expect(outsideReferences("x.ts", `// ok\n// see ${outside}\n`)).toEqual([`x.ts:2: // see ${outside}`]);
  });

  it("links outside the repository, to missing files and to missing headings; not links in code or to the web", () => {
    const readme = [
      `[up](${up}/notes.md) [gone](docs/missing.md) [ok](docs/design.md) [folder](gateway/)`,
      "[rule](docs/design.md#the-consent-rule) [again](docs/design.md#the-consent-rule-1) [dash](docs/design.md#hardening-what-it-refuses--and-why)",
      "[nope](docs/design.md#no-such-heading) [web](https://example.org/x) [self](#nowhere)",
      "`[in code](missing.md)`",
      "```",
      "[in a fence](missing.md)",
      "```",
      "[ref]: docs/also-missing.md",
    ].join("\n");
    texts["README.md"] = readme;
    expect(brokenLinks("README.md", readme, files, read)).toEqual([
      `README.md:1: ${up}/notes.md (outside the repository)`,
      "README.md:1: docs/missing.md (no such file in the repository)",
      'README.md:3: docs/design.md#no-such-heading (no heading "no-such-heading" in docs/design.md)',
      'README.md:3: #nowhere (no heading "nowhere" in README.md)',
      "README.md:8: docs/also-missing.md (no such file in the repository)",
    ]);
  });
});
