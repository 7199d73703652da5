// The floor under the admission numbers: an HTTPS server (same TLS settings and certificate as
// `tenet serve`) that answers every POST with a fixed AdmissionReview without judging anything.
// The load generator against it measures itself plus TLS and HTTP on this machine.
import { readFileSync } from "node:fs";
import { createServer } from "node:https";

const [certFile = "", keyFile = ""] = process.argv.slice(2);
const answer = JSON.stringify({
  apiVersion: "admission.k8s.io/v1",
  kind: "AdmissionReview",
  response: { uid: "fixed", allowed: true },
});
const server = createServer(
  { cert: readFileSync(certFile), key: readFileSync(keyFile), minVersion: "TLSv1.2" },
  (request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(answer),
      });
      response.end(answer);
    });
  },
);
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(
    `listening ${typeof address === "object" && address !== null ? address.port : 0}\n`,
  );
});
process.once("SIGTERM", () => server.close());
