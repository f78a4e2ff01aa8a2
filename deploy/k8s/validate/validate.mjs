// Offline checks of rendered Kubernetes manifests, for deploy/k8s/check.sh (no cluster needed):
//   1. schema: each object against the Kubernetes OpenAPI schema of its kind (kubernetes-models:
//      required fields, types, formats, enums);
//   2. unknown fields (what `kubectl apply --validate=strict` would refuse): the objects become
//      TypeScript object literals typed with kubernetes-types, and tsc's excess-property check
//      names any field the API does not have (quantities must therefore be strings: cpu: "1");
//   3. references between the objects: selectors, Services and PodDisruptionBudgets to pods,
//      probes and Services to named ports, mounts to volumes, volumes to ConfigMaps, Ingresses to
//      Services, and the names the router's backends.conf.in spells (StatefulSet wagrpc, headless
//      Service wagrpc-pods). Secrets are not rendered: they are listed as needed.
// Usage: node validate.mjs RENDERED.yaml...   Exit status 1 when any check failed.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const errors = [];
const fail = (where, message) => errors.push(`${where}: ${message}`);
const id = (o) => `${o.kind}/${o.metadata?.name ?? "?"} (${o.file})`;

const objects = [];
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) {
      doc.errors.forEach((e) => fail(file, `YAML: ${e.message}`));
      continue;
    }
    const object = doc.toJS();
    if (object === null) {
      continue;
    }
    if (typeof object !== "object" || !object.apiVersion || !object.kind || !object.metadata?.name) {
      fail(file, "a document without apiVersion, kind and metadata.name");
      continue;
    }
    objects.push({ ...object, file });
  }
}
if (process.argv.length <= 2 || objects.length === 0) {
  fail("validate.mjs", "no objects to check (usage: node validate.mjs FILE.yaml...)");
}

// --- 1. schema -------------------------------------------------------------------------------
const strip = ({ file, ...object }) => object;
for (const object of objects) {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : [null, object.apiVersion];
  const module = `kubernetes-models/${group ? `${group}/` : ""}${version}/${object.kind}`;
  let Model;
  try {
    Model = (await import(module))[object.kind];
  } catch {
    fail(id(object), `no schema for ${object.apiVersion} ${object.kind} (${module})`);
    continue;
  }
  try {
    new Model(strip(object)).validate();
  } catch (e) {
    fail(id(object), `schema: ${e.message}`);
  }
}

// --- 2. unknown fields -----------------------------------------------------------------------
const typesModule = (apiVersion) => {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["core", apiVersion];
  return `kubernetes-types/${group.replace(/\.k8s\.io$/, "")}/${version}`;
};
const lines = [];
const ranges = [];
objects.forEach((object, i) => {
  lines.push(`import type { ${object.kind} as T${i} } from ${JSON.stringify(typesModule(object.apiVersion))};`);
});
objects.forEach((object, i) => {
  const start = lines.length + 1;
  lines.push(...`export const o${i}: T${i} = ${JSON.stringify(strip(object), null, 2)};`.split("\n"));
  ranges.push({ start, end: lines.length, object });
});
const source = lines.join("\n");
const virtual = join(here, "__manifests__.ts");
const options = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  target: ts.ScriptTarget.ES2020,
};
const host = ts.createCompilerHost(options);
const getSourceFile = host.getSourceFile.bind(host);
host.getSourceFile = (name, language, ...rest) =>
  name === virtual ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
const fileExists = host.fileExists.bind(host);
host.fileExists = (name) => name === virtual || fileExists(name);
const readFile = host.readFile.bind(host);
host.readFile = (name) => (name === virtual ? source : readFile(name));
const program = ts.createProgram([virtual], options, host);
for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
  if (!diagnostic.file || diagnostic.start === undefined) {
    fail("tsc", message);
    continue;
  }
  const line = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1;
  const range = ranges.find((r) => line >= r.start && line <= r.end);
  const text = source.split("\n")[line - 1].trim();
  fail(range ? id(range.object) : "tsc", `fields: ${message} (at ${text})`);
}

// --- 3. references ---------------------------------------------------------------------------
const byKind = (kind) => objects.filter((o) => o.kind === kind);
const named = (kind, name) => byKind(kind).find((o) => o.metadata.name === name);
const matches = (selector, labels) =>
  Object.entries(selector ?? {}).every(([key, value]) => (labels ?? {})[key] === value);
const workloads = [...byKind("Deployment"), ...byKind("StatefulSet")];
const podsOf = (selector) => workloads.filter((w) => matches(selector, w.spec.template.metadata?.labels));
const portNames = (w) => new Set(w.spec.template.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => p.name)));
const secrets = new Set();

for (const w of workloads) {
  const labels = w.spec.template.metadata?.labels;
  if (!matches(w.spec.selector?.matchLabels, labels)) {
    fail(id(w), "spec.selector.matchLabels does not match the pod template's labels");
  }
  const pod = w.spec.template.spec;
  const volumes = new Set([
    ...(pod.volumes ?? []).map((v) => v.name),
    ...(w.spec.volumeClaimTemplates ?? []).map((c) => c.metadata.name),
  ]);
  for (const v of pod.volumes ?? []) {
    if (v.configMap && !named("ConfigMap", v.configMap.name)) {
      fail(id(w), `volume ${v.name}: ConfigMap ${v.configMap.name} is not rendered`);
    }
    if (v.secret) {
      secrets.add(v.secret.secretName);
    }
  }
  for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
    const ports = new Set((c.ports ?? []).map((p) => p.name));
    for (const m of c.volumeMounts ?? []) {
      if (!volumes.has(m.name)) {
        fail(id(w), `container ${c.name}: mount ${m.name} has no volume`);
      }
    }
    for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
      const port = c[probe]?.httpGet?.port ?? c[probe]?.tcpSocket?.port ?? c[probe]?.grpc?.port;
      if (typeof port === "string" && !ports.has(port)) {
        fail(id(w), `container ${c.name}: ${probe} uses port "${port}", which it does not name`);
      }
    }
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref) {
        secrets.add(`${ref.name} (key ${ref.key})`);
      }
      const configMapRef = e.valueFrom?.configMapKeyRef;
      if (configMapRef && !named("ConfigMap", configMapRef.name)) {
        fail(id(w), `env ${e.name}: ConfigMap ${configMapRef.name} is not rendered`);
      }
    }
  }
}

for (const s of byKind("Service")) {
  if (!s.spec.selector) {
    continue;
  }
  const pods = podsOf(s.spec.selector);
  if (pods.length === 0) {
    fail(id(s), "its selector matches no pod template");
  }
  for (const p of s.spec.ports ?? []) {
    if (typeof p.targetPort === "string" && !pods.every((w) => portNames(w).has(p.targetPort))) {
      fail(id(s), `port ${p.name}: targetPort "${p.targetPort}" is not a port name of its pods`);
    }
  }
}

for (const b of byKind("PodDisruptionBudget")) {
  if (podsOf(b.spec.selector?.matchLabels).length === 0) {
    fail(id(b), "its selector matches no pod template");
  }
}

for (const s of byKind("StatefulSet")) {
  const service = named("Service", s.spec.serviceName);
  if (!service || service.spec.clusterIP !== "None") {
    fail(id(s), `serviceName ${s.spec.serviceName} is not a rendered headless Service`);
  }
}

for (const ingress of byKind("Ingress")) {
  const backends = (ingress.spec.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend.service));
  for (const b of backends.filter(Boolean)) {
    const service = named("Service", b.name);
    if (!service) {
      fail(id(ingress), `backend Service ${b.name} is not rendered`);
    } else if (b.port?.name && !(service.spec.ports ?? []).some((p) => p.name === b.port.name)) {
      fail(id(ingress), `backend Service ${b.name} has no port named ${b.port.name}`);
    }
  }
}

// The router reaches pod k as wagrpc-<k>.wagrpc-pods and the pod learns k from its ordinal.
const gateway = named("StatefulSet", "wagrpc");
const router = byKind("ConfigMap").find((c) => c.data?.["backends.conf.in"]);
if (!gateway || gateway.spec.serviceName !== "wagrpc-pods") {
  fail("wagrpc", "no StatefulSet wagrpc with serviceName wagrpc-pods, which the router's backends.conf.in names");
} else {
  const shard = gateway.spec.template.spec.containers.flatMap((c) => c.env ?? []).find((e) => e.name === "WaGrpc__Shard");
  if (shard?.valueFrom?.fieldRef?.fieldPath !== "metadata.labels['apps.kubernetes.io/pod-index']") {
    fail(id(gateway), "WaGrpc__Shard does not come from the pod-index label");
  }
}
if (!router?.data["backends.conf.in"].includes("wagrpc-$wagrpc_shard.wagrpc-pods.")) {
  fail("wagrpc-router", "no router ConfigMap whose backends.conf.in addresses wagrpc-<shard>.wagrpc-pods");
}

const kinds = [...new Set(objects.map((o) => o.kind))].sort().join(", ");
if (errors.length > 0) {
  console.error(errors.map((e) => `error: ${e}`).join("\n"));
  console.error(`${errors.length} problem(s) in ${objects.length} objects`);
  process.exit(1);
}
console.log(`${objects.length} objects valid (${kinds}): schema, fields, references`);
if (secrets.size > 0) {
  console.log(`needed in the namespace, not rendered: Secret ${[...secrets].sort().join(", Secret ")}`);
}
