// Writes the files of the router's ConfigMap (the one holding routing.conf) from rendered manifests
// into a directory: what the router pod mounts at /etc/wagrpc-router, for deploy/k8s/check.sh to
// run nginx -t on. Usage: node router-files.mjs RENDERED.yaml OUT_DIR
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

const [file, out] = process.argv.slice(2);
const configMap = parseAllDocuments(readFileSync(file, "utf8"))
  .map((doc) => doc.toJS())
  .find((o) => o?.kind === "ConfigMap" && o.data?.["routing.conf"]);
if (!configMap) {
  console.error(`router-files.mjs: no ConfigMap with routing.conf in ${file}`);
  process.exit(1);
}
mkdirSync(out, { recursive: true });
for (const [name, text] of Object.entries(configMap.data)) {
  writeFileSync(join(out, name), text);
}
console.log(`${configMap.metadata.name}: ${Object.keys(configMap.data).sort().join(" ")}`);
