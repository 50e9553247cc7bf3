#!/usr/bin/env node
// Validates rendered Kubernetes manifests (for example `helm template` output) against the API's
// types, offline: each YAML document's apiVersion and kind pick a model of the kubernetes-models
// package, whose JSON schema checks field types, enums and required fields. No cluster is needed,
// which is the point: `kubectl --dry-run` cannot validate without one.
//
//   helm template ... | node tools/validate-manifests.js        (reads standard input)
//   node tools/validate-manifests.js rendered.yaml               (reads a file)
//
// Prints one line per document and exits 1 when any document is invalid or of an unknown type.
// The schemas do not refuse unknown fields: a misspelt field passes here, so tests assert the fields
// that matter by name.
'use strict';

const fs = require('node:fs');
const YAML = require('yaml');

async function main() {
  const source = process.argv[2];
  if (process.argv.length > 3) {
    fail('usage: validate-manifests.js [file]   (standard input without a file)');
  }
  const text = fs.readFileSync(source ?? 0, 'utf8');
  const documents = YAML.parseAllDocuments(text);

  let checked = 0;
  const problems = [];
  for (const [index, document] of documents.entries()) {
    if (document.errors.length > 0) {
      problems.push(`document ${index + 1}: not valid YAML: ${document.errors.map(error => error.message).join('; ')}`);
      continue;
    }
    const manifest = document.toJS();
    if (manifest === null || manifest === undefined) {
      continue; // an empty document between two separators, as helm leaves for skipped templates
    }
    checked++;
    const name = describe(manifest, index);
    const error = await validate(manifest);
    if (error) {
      problems.push(`${name}: ${error}`);
    } else {
      console.log(`ok ${name}`);
    }
  }

  if (checked === 0) {
    problems.push('no manifests in the input');
  }
  if (problems.length > 0) {
    for (const problem of problems) {
      console.error(`INVALID ${problem}`);
    }
    fail(`${problems.length} of ${checked} manifests are invalid`);
  }
  console.log(`${checked} manifests valid`);
}

// Returns a message when the manifest is not a valid object of its declared type, otherwise null.
async function validate(manifest) {
  if (typeof manifest !== 'object' || Array.isArray(manifest)) {
    return 'not a mapping';
  }
  const { apiVersion, kind } = manifest;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return 'apiVersion and kind are required';
  }

  const Model = await modelOf(apiVersion, kind);
  if (!Model) {
    return `no type ${kind} in ${apiVersion} (misspelt kind, or an API version Kubernetes no longer serves)`;
  }
  try {
    new Model(manifest).validate();
    return null;
  } catch (error) {
    const details = (error.errors ?? [])
      .map(detail => `${detail.instancePath || '/'} ${detail.message ?? detail.keyword}${detail.params ? ' ' + JSON.stringify(detail.params) : ''}`);
    return details.length > 0 ? details.join('; ') : error.message;
  }
}

// kubernetes-models lays its models out as <group>/<version>/<Kind> ("v1/<Kind>" for the core group).
async function modelOf(apiVersion, kind) {
  if (!/^[a-z0-9.]+(\/[a-z0-9]+)?$/.test(apiVersion) || !/^[A-Za-z0-9]+$/.test(kind)) {
    return null;
  }
  try {
    const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
    return module[kind] ?? null;
  } catch (error) {
    if (error.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' || error.code === 'ERR_MODULE_NOT_FOUND') {
      return null;
    }
    throw error;
  }
}

function describe(manifest, index) {
  const kind = manifest?.kind ?? '?';
  const name = manifest?.metadata?.name ?? `document ${index + 1}`;
  return `${kind}/${name}`;
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

main().catch(error => fail(`validate-manifests: ${error.stack ?? error}`));
