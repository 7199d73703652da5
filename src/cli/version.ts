import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const manifest = require("../../package.json") as { version: string };

export const TOOL_NAME = "tenet";
export const TOOL_VERSION = manifest.version;
