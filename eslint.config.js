// @ts-check
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

/** Layers point down the picture only (ARCHITECTURE.md); each folder lists what it may not import. */
const layers = {
  "src/model/**": [
    "sources",
    "engines",
    "checks",
    "rules",
    "evaluate",
    "monitor",
    "generate",
    "reports",
    "cli",
    "server",
  ],
  "src/sources/**": [
    "engines",
    "checks",
    "rules",
    "evaluate",
    "monitor",
    "generate",
    "reports",
    "cli",
    "server",
  ],
  "src/engines/**": [
    "sources",
    "checks",
    "rules",
    "evaluate",
    "monitor",
    "generate",
    "reports",
    "cli",
    "server",
  ],
  "src/checks/**": [
    "sources",
    "rules",
    "evaluate",
    "monitor",
    "generate",
    "reports",
    "cli",
    "server",
  ],
  "src/rules/**": [
    "sources",
    "checks",
    "evaluate",
    "monitor",
    "generate",
    "reports",
    "cli",
    "server",
  ],
  "src/evaluate/**": ["sources", "monitor", "generate", "reports", "cli", "server"],
  "src/monitor/**": ["generate", "reports", "cli", "server"],
  "src/generate/**": ["reports", "cli", "server"],
  "src/reports/**": [
    "sources",
    "engines",
    "checks",
    "rules",
    "evaluate",
    "monitor",
    "generate",
    "cli",
    "server",
  ],
  "src/server/**": ["cli"],
};

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "bench/results/", "examples/", "web/dist/", "coverage/"] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "no-restricted-exports": [
        "error",
        {
          restrictDefaultExports: {
            direct: true,
            named: true,
            defaultFrom: true,
            namedFrom: true,
            namespaceFrom: true,
          },
        },
      ],
    },
  },
  ...Object.entries(layers).map(([files, banned]) => ({
    files: [files],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: banned.map((layer) => ({
            group: [`**/${layer}/*`, `**/${layer}/**`],
            message: `Layers point down: this folder may not import from ${layer}/ (see ARCHITECTURE.md).`,
          })),
        },
      ],
    },
  })),
  {
    files: ["*.config.{js,ts}", "eslint.config.js"],
    rules: { "no-restricted-exports": "off" },
  },
  {
    files: ["**/*.js"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { URL: "readonly", process: "readonly", console: "readonly" } },
  },
);
