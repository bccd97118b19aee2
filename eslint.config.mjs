// ESLint: the JavaScript and typescript-eslint recommended rules, type-checked (`npm run lint`).
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  { ignores: ["prisma/*/generated/", "**/.data/", "coverage/"] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A leading underscore is how this code names what it must take but does not use: an
      // argument a signature requires, or a property taken out of an object to leave the rest.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
    },
  },
  {
    // No function over 80 lines (blank lines and comments aside): a function longer than that does
    // more than one thing, and the request path in particular reads as a list of small steps
    // (gateway/pipeline.ts). Split along meaning, not at line 80.
    files: ["vocabulary/**", "policy/**", "platform/**", "launcher/**", "gateway/**", "workers/**", "subgraphs/**", "schema/**", "prisma/tools/**"],
    rules: { "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true }] },
  },
);
