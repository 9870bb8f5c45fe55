// Validates uslugi's machine-readable reports against their schemas with Ajv, an independent
// JSON Schema validator:
//
//   node schemas.mjs SCHEMA_KIND FILE [SCHEMA_KIND FILE ...]
//
// SCHEMA_KIND is `sarif` (the SARIF 2.1.0 JSON schema, rtm.5, as Microsoft's SARIF SDK ships
// it in @microsoft/jest-sarif), `codequality` (schemas/gitlab-codequality.json, written from
// GitLab's documented fields: GitLab publishes none) or `report` (schemas/check-report.v2.json).
// Prints the validator's verdict for each file and exits 1 if any is invalid.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import Ajv04 from "ajv-draft-04";
import Ajv2020 from "ajv/dist/2020.js";
import Ajv07 from "ajv";
import addFormats from "ajv-formats";

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const load = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
const schemas = {
  sarif: () => [Ajv04, load(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"))],
  codequality: () => [Ajv07, load(path.join(repo, "schemas/gitlab-codequality.json"))],
  report: () => [Ajv2020, load(path.join(repo, "schemas/check-report.v2.json"))],
};

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2) {
  console.error("usage: node schemas.mjs sarif|codequality|report FILE [...]");
  process.exit(2);
}
let bad = 0;
for (let i = 0; i < args.length; i += 2) {
  const [kind, file] = [args[i], args[i + 1]];
  if (!schemas[kind]) {
    console.error(`unknown schema ${kind}`);
    process.exit(2);
  }
  const [Ajv, schema] = schemas[kind]();
  // Without the `u` flag: the SARIF schema's language pattern is not valid Unicode-mode syntax.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const ok = validate(load(file));
  if (!ok) bad++;
  console.log(`${ok ? "ok  " : "FAIL"} ${kind} schema (${schema.title}): ${path.basename(file)} ${ok ? "is valid" : "is invalid"}`);
  for (const e of (validate.errors || []).slice(0, 20)) console.log(`     ${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
}
process.exit(bad ? 1 : 0);
