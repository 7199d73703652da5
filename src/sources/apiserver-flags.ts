// `tenet scan --apiserver-flags <file>`: kube-apiserver flags from a plain file (what
// `ps`, a systemd unit or a managed service shows), made into one KubeApiserverFlags object so
// that checks read them like a static-pod manifest.
import { APISERVER_FLAGS_API_VERSION, APISERVER_FLAGS_KIND } from "../model/cluster-config.ts";
import { parseFlags, splitWords, type FlagProblem } from "../model/cluster-config-flags.ts";
import type { Diagnostic } from "../model/diagnostic.ts";
import type { LoadedObject } from "../model/inventory.ts";

/**
 * Reads a flags file: one or more flags per line (`--a=b`, `--a b`), `#` comments, shell
 * quoting, backslash line continuations; a leading `kube-apiserver` word is allowed. Problems
 * become diagnostics with the line; the flags that could be read are still returned.
 */
export function parseApiserverFlagsFile(
  text: string,
  file: string,
): { objects: LoadedObject[]; diagnostics: Diagnostic[] } {
  const split = splitWords(text);
  const words =
    split.words[0] !== undefined && /(^|\/)kube-apiserver$/.test(split.words[0].text)
      ? split.words.slice(1)
      : split.words;
  const parsed = parseFlags(words);
  const diagnostics: Diagnostic[] = [
    ...split.problems.map((problem) => diagnosticOf(problem, file, "error")),
    ...parsed.problems.map((problem) => diagnosticOf(problem, file, "warning")),
  ];
  if (words.length === 0) {
    diagnostics.push({
      severity: "warning",
      code: "apiserver-flags-empty",
      message: "no kube-apiserver flags in the file: every flag is read as its default",
      file,
    });
  }
  const object = {
    apiVersion: APISERVER_FLAGS_API_VERSION,
    kind: APISERVER_FLAGS_KIND,
    metadata: { name: file.slice(file.lastIndexOf("/") + 1) || "kube-apiserver" },
    args: words.map((word) => word.text),
  };
  return { objects: [{ object, location: { file, line: 1 } }], diagnostics };
}

function diagnosticOf(
  problem: FlagProblem,
  file: string,
  severity: Diagnostic["severity"],
): Diagnostic {
  return {
    severity,
    code: "apiserver-flags",
    message: problem.message,
    file,
    ...(problem.line === undefined ? {} : { line: problem.line }),
  };
}
