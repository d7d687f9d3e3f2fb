#!/usr/bin/env node
// A small kustomize renderer: exactly the features k8s/ uses, so that the manifests can be
// validated after their overlays are applied on a machine without the kustomize binary. Anything
// else in a kustomization is refused with an error rather than silently ignored. Where kubectl is
// installed, scripts/validate-deploy compares this output with `kubectl kustomize` (content and
// order), and kustomize.spec.mjs does so on fixtures that use every supported feature.
//
//   node scripts/validate-deploy/kustomize.mjs k8s/overlays/prod      # multi-document YAML
//
// Supported:
//   kind Kustomization (kustomize.config.k8s.io/v1beta1) and Component (…/v1alpha1)
//   resources          files (one or more YAML documents) and folders holding a Kustomization
//   components         folders holding a Component, applied to the resources gathered so far
//   configMapGenerator name + files (`key=path` or `path`, at or below the kustomization) + literals
//   generatorOptions   disableNameSuffixHash: true (required), labels, annotations
//   patches            `path:` or `patch:` strategic-merge patches without `target:`, matched by
//                      kind and name; `$patch: delete` removes the resource; custom resources
//                      get JSON merge patch semantics (lists replaced), as in kustomize
//   namespace          set on every namespaced resource
//   images             name → newName / newTag / digest, on containers and initContainers
// Transformers run in kustomize's order: patches, namespace, images. Strategic merge orders a
// merged list as kustomize does (the patch's items first, then the others), and the output is
// sorted like kustomize's legacy order (by kind, then group/version/kind, namespace and name).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import YAML from 'yaml';

/**
 * @typedef {import('./support.mjs').Document} Document
 * A Kubernetes object: what every rendered document must have, and anything else.
 * @typedef {{ apiVersion: string, kind: string, metadata: { name: string, namespace?: string, [field: string]: Document }, [field: string]: Document }} Resource
 */

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** @type {Record<string, { apiVersion: string, fields: string[] }>} */
const KINDS = {
  Kustomization: {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    fields: [
      'apiVersion',
      'kind',
      'resources',
      'components',
      'namespace',
      'images',
      'patches',
      'configMapGenerator',
      'generatorOptions',
    ],
  },
  Component: {
    apiVersion: 'kustomize.config.k8s.io/v1alpha1',
    fields: [
      'apiVersion',
      'kind',
      'resources',
      'components',
      'images',
      'patches',
      'configMapGenerator',
      'generatorOptions',
    ],
  },
};

/** Kinds without a namespace (the ones a deployment like this could contain). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'RuntimeClass',
  'APIService',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
]);

/** API groups whose kinds kustomize patches strategically (others: JSON merge patch). */
const BUILTIN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
]);

/** patchMergeKey of the Kubernetes list fields patches may touch (strategic merge). */
/** @param {string[]} fieldPath */
function mergeKeyOf(fieldPath) {
  const field = fieldPath.at(-1) ?? ''; // an empty path has no merge key either
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'topologySpreadConstraints':
      return 'topologyKey';
    case 'ports':
      return fieldPath.includes('containers') || fieldPath.includes('initContainers')
        ? 'containerPort'
        : 'port';
    default:
      return undefined; // lists without a merge key are replaced whole
  }
}

export class KustomizeError extends Error {}

/**
 * Renders the Kustomization in `dir` into a list of resources.
 * @param {string} dir
 * @returns {Resource[]}
 */
export function build(dir) {
  const { kustomization } = load(dir);
  if (kustomization.kind !== 'Kustomization') {
    throw new KustomizeError(`${dir}: expected a Kustomization, found ${kustomization.kind}`);
  }
  return sortLikeKustomize(accumulate(dir, []));
}

/**
 * @param {string} dir
 * @returns {{ file: string, kustomization: Document }}
 */
function load(dir) {
  const file = KUSTOMIZATION_FILES.map((name) => path.join(dir, name)).find((candidate) =>
    fs.existsSync(candidate),
  );
  if (!file) throw new KustomizeError(`${dir}: no kustomization.yaml`);
  const kustomization = YAML.parse(fs.readFileSync(file, 'utf8')) ?? {};
  const spec = KINDS[kustomization.kind ?? 'Kustomization'];
  if (!spec) throw new KustomizeError(`${file}: unsupported kind ${kustomization.kind}`);
  kustomization.kind ??= 'Kustomization';
  if (kustomization.apiVersion && kustomization.apiVersion !== spec.apiVersion) {
    throw new KustomizeError(`${file}: ${kustomization.kind} must be ${spec.apiVersion}`);
  }
  for (const field of Object.keys(kustomization)) {
    if (!spec.fields.includes(field)) {
      throw new KustomizeError(`${file}: field "${field}" is not supported by this renderer`);
    }
  }
  return { file, kustomization };
}

/**
 * Runs one Kustomization or Component on top of `inherited` (a component's parent's resources).
 * @param {string} dir
 * @param {Resource[]} inherited
 * @returns {Resource[]}
 */
function accumulate(dir, inherited) {
  const { file, kustomization: k } = load(dir);
  let resources = [...inherited];

  for (const entry of k.resources ?? []) {
    const target = path.resolve(dir, entry);
    if (!fs.existsSync(target)) throw new KustomizeError(`${file}: resource ${entry} not found`);
    if (fs.statSync(target).isDirectory()) {
      const { kustomization } = load(target);
      if (kustomization.kind !== 'Kustomization') {
        throw new KustomizeError(`${file}: resource ${entry} is a ${kustomization.kind}`);
      }
      addAll(resources, accumulate(target, []), file);
    } else {
      addAll(resources, readDocuments(target), file);
    }
  }

  for (const entry of k.components ?? []) {
    const target = path.resolve(dir, entry);
    const { kustomization } = load(target);
    if (kustomization.kind !== 'Component') {
      throw new KustomizeError(`${file}: component ${entry} is a ${kustomization.kind}`);
    }
    resources = accumulate(target, resources);
  }

  addAll(resources, generateConfigMaps(dir, file, k), file);

  for (const entry of k.patches ?? []) resources = applyPatch(resources, dir, file, entry);
  if (k.namespace) setNamespace(resources, k.namespace, file);
  for (const image of k.images ?? []) setImage(resources, image, file);
  return resources;
}

/**
 * @param {string} file
 * @returns {Resource[]}
 */
function readDocuments(file) {
  return YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map((document) => {
      if (document.errors.length > 0) {
        throw new KustomizeError(`${file}: ${document.errors[0]?.message}`);
      }
      return document.toJS();
    })
    .filter((resource) => resource !== null && resource !== undefined);
}

/**
 * `Kind/namespace/name`, or `Kind/name` without a namespace.
 * @param {Resource} resource
 */
export function resourceId(resource) {
  const namespace = resource.metadata?.namespace ?? '';
  return `${resource.kind}/${namespace ? `${namespace}/` : ''}${resource.metadata?.name}`;
}

/**
 * @param {Resource[]} resources
 * @param {Resource[]} added
 * @param {string} file
 */
function addAll(resources, added, file) {
  for (const resource of added) {
    if (!resource.apiVersion || !resource.kind || !resource.metadata?.name) {
      throw new KustomizeError(`${file}: a resource lacks apiVersion, kind or metadata.name`);
    }
    const id = resourceId(resource);
    if (resources.some((existing) => resourceId(existing) === id)) {
      throw new KustomizeError(`${file}: resource ${id} is defined twice`);
    }
    resources.push(resource);
  }
}

/**
 * @param {string} dir
 * @param {string} file
 * @param {Document} k
 * @returns {Resource[]}
 */
function generateConfigMaps(dir, file, k) {
  if (!k.configMapGenerator) return [];
  const options = k.generatorOptions ?? {};
  for (const field of Object.keys(options)) {
    if (!['disableNameSuffixHash', 'labels', 'annotations'].includes(field)) {
      throw new KustomizeError(`${file}: generatorOptions.${field} is not supported`);
    }
  }
  return k.configMapGenerator.map((/** @type {Document} */ generator) => {
    for (const field of Object.keys(generator)) {
      if (!['name', 'files', 'literals', 'options'].includes(field)) {
        throw new KustomizeError(`${file}: configMapGenerator.${field} is not supported`);
      }
    }
    const merged = {
      ...options,
      ...generator.options,
      labels: { ...options.labels, ...generator.options?.labels },
      annotations: { ...options.annotations, ...generator.options?.annotations },
    };
    if (merged.disableNameSuffixHash !== true) {
      throw new KustomizeError(
        `${file}: configMapGenerator ${generator.name} needs disableNameSuffixHash: true ` +
          '(name hashes and the reference rewriting they need are not supported)',
      );
    }
    /** @type {Record<string, string>} */
    const data = {};
    for (const entry of generator.files ?? []) {
      const [key, relative] = entry.includes('=')
        ? entry.split('=', 2)
        : [path.basename(entry), entry];
      const source = path.resolve(dir, relative);
      if (path.relative(dir, source).startsWith('..')) {
        // kustomize's default load restrictor refuses files outside the kustomization's folder.
        throw new KustomizeError(`${file}: ${relative} is outside ${dir}`);
      }
      data[key] = fs.readFileSync(source, 'utf8');
    }
    for (const literal of generator.literals ?? []) {
      const at = literal.indexOf('=');
      data[literal.slice(0, at)] = literal.slice(at + 1);
    }
    /** @type {Resource['metadata']} */
    const metadata = { name: generator.name };
    if (Object.keys(merged.labels).length > 0) metadata.labels = { ...merged.labels };
    if (Object.keys(merged.annotations).length > 0) {
      metadata.annotations = { ...merged.annotations };
    }
    return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
  });
}

/**
 * @param {Resource[]} resources
 * @param {string} dir
 * @param {string} file
 * @param {Document} entry
 * @returns {Resource[]}
 */
function applyPatch(resources, dir, file, entry) {
  for (const field of Object.keys(entry)) {
    if (!['path', 'patch'].includes(field)) {
      throw new KustomizeError(`${file}: patches[].${field} is not supported (only path or patch)`);
    }
  }
  const source = entry.path ? path.resolve(dir, entry.path) : file;
  const documents = entry.path
    ? readDocuments(source)
    : YAML.parseAllDocuments(entry.patch).map((document) => document.toJS());
  if (documents.length !== 1) {
    throw new KustomizeError(`${source}: a patch must be exactly one document`);
  }
  const patch = documents[0];
  const matches = resources.filter(
    (resource) =>
      resource.kind === patch.kind &&
      resource.metadata.name === patch.metadata?.name &&
      (!patch.metadata?.namespace || resource.metadata.namespace === patch.metadata.namespace),
  );
  if (matches.length === 0) {
    throw new KustomizeError(
      `${source}: the patch matches no ${patch.kind} ${patch.metadata?.name}`,
    );
  }
  if (patch.$patch === 'delete') return resources.filter((resource) => !matches.includes(resource));
  if (patch.$patch !== undefined) {
    throw new KustomizeError(`${source}: $patch: ${patch.$patch} is not supported`);
  }
  return resources.map((resource) => {
    if (!matches.includes(resource)) return resource;
    const [group = ''] = resource.apiVersion.includes('/') ? resource.apiVersion.split('/') : [];
    const strategic = BUILTIN_GROUPS.has(group);
    return mergePatch(resource, patch, [], strategic, source);
  });
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, Document>}
 */
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
/**
 * A deep copy of a parsed YAML value (plain JSON data). Not structuredClone: under jest's VM
 * modules its copies come from another realm, which isDeepStrictEqual tells apart.
 * @param {Document} value
 * @returns {Document}
 */
const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/**
 * @param {Document} base
 * @param {Document} patch
 * @param {string[]} fieldPath
 * @param {boolean} strategic
 * @param {string} source
 * @returns {Document}
 */
function mergePatch(base, patch, fieldPath, strategic, source) {
  if (isObject(patch) && isObject(base)) {
    const merged = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (key.startsWith('$')) {
        throw new KustomizeError(`${source}: ${key} at ${fieldPath.join('.')} is not supported`);
      }
      if (value === null) delete merged[key];
      else merged[key] = mergePatch(base[key], value, [...fieldPath, key], strategic, source);
    }
    return merged;
  }
  if (Array.isArray(patch) && Array.isArray(base) && strategic) {
    const key = mergeKeyOf(fieldPath);
    if (!key) return clone(patch);
    // As kustomize orders them: the patch's items first, in the patch's order (merged into the
    // original item of the same key, if any), then the original items the patch does not name.
    /** @type {Document[]} */
    const merged = [];
    const named = new Set();
    for (const item of patch) {
      if (!isObject(item) || item[key] === undefined) {
        throw new KustomizeError(`${source}: items of ${fieldPath.join('.')} need "${key}"`);
      }
      named.add(item[key]);
      if (item.$patch === 'delete') continue;
      const original = base.find((existing) => existing?.[key] === item[key]);
      merged.push(
        original === undefined
          ? clone(item)
          : mergePatch(clone(original), item, fieldPath, strategic, source),
      );
    }
    return [...merged, ...base.filter((existing) => !named.has(existing?.[key])).map(clone)];
  }
  if (isObject(patch)) return mergePatch({}, patch, fieldPath, strategic, source);
  return clone(patch);
}

/**
 * @param {Resource[]} resources
 * @param {string} namespace
 * @param {string} file
 */
function setNamespace(resources, namespace, file) {
  for (const resource of resources) {
    if (resource.kind === 'Namespace') {
      if (resource.metadata.name !== namespace) {
        throw new KustomizeError(
          `${file}: Namespace ${resource.metadata.name} differs from namespace: ${namespace} ` +
            '(renaming Namespace objects is not supported)',
        );
      }
      continue;
    }
    if (!CLUSTER_SCOPED.has(resource.kind)) resource.metadata.namespace = namespace;
  }
}

/** Splits `registry:5000/app:tag@sha256:…` into name, tag and digest. */
/** @param {string} reference */
function parseImage(reference) {
  const [withoutDigest = '', digest] = reference.split('@');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash
    ? { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest }
    : { name: withoutDigest, tag: undefined, digest };
}

/**
 * @param {Resource[]} resources
 * @param {Document} image
 * @param {string} file
 */
function setImage(resources, image, file) {
  for (const field of Object.keys(image)) {
    if (!['name', 'newName', 'newTag', 'digest'].includes(field)) {
      throw new KustomizeError(`${file}: images[].${field} is not supported`);
    }
  }
  /** @param {Document} node */
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) {
        for (const container of value) {
          if (typeof container?.image !== 'string') continue;
          const current = parseImage(container.image);
          if (current.name !== image.name) continue;
          const name = image.newName ?? current.name;
          if (image.digest) container.image = `${name}@${image.digest}`;
          else if (image.newTag) container.image = `${name}:${image.newTag}`;
          else {
            container.image =
              name +
              (current.tag ? `:${current.tag}` : '') +
              (current.digest ? `@${current.digest}` : '');
          }
        }
      }
      visit(value);
    }
    return undefined;
  };
  resources.forEach(visit);
}

/** kustomize's order of kinds (legacy sort): these first, in this order, then all others. */
const KIND_ORDER = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];

/** …and these last. */
const KIND_ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

/**
 * @param {Resource[]} resources
 * @returns {Resource[]}
 */
function sortLikeKustomize(resources) {
  const rank = (/** @type {Resource} */ resource) => {
    const first = KIND_ORDER.indexOf(resource.kind);
    if (first >= 0) return first;
    const last = KIND_ORDER_LAST.indexOf(resource.kind);
    return KIND_ORDER.length + 1 + last; // -1 (any other kind) sorts between the two lists
  };
  // kustomize's legacy order: by kind, then group_version_kind, then namespace and name.
  const sortKey = (/** @type {Resource} */ resource) => {
    const [group, version] = resource.apiVersion.includes('/')
      ? resource.apiVersion.split('/')
      : ['~G', resource.apiVersion];
    const namespace = resource.metadata.namespace ?? 'default';
    return `${group}_${version}_${resource.kind}|${namespace}|${resource.metadata.name}`;
  };
  return [...resources].sort((a, b) => {
    const byKind = rank(a) - rank(b);
    if (byKind !== 0) return byKind;
    const [left, right] = [sortKey(a), sortKey(b)];
    return left < right ? -1 : left > right ? 1 : 0;
  });
}

/** @param {Resource[]} resources */
export function toYaml(resources) {
  // YAML 1.1 quoting, as Kubernetes reads YAML: `yes`, `on` and the like stay strings.
  return resources
    .map((resource) => YAML.stringify(resource, { lineWidth: 0, version: '1.1' }))
    .join('---\n');
}

/** Whether `kubectl` (which embeds kustomize) is installed. */
export function hasKubectl() {
  const version = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  return !version.error && version.status === 0;
}

/**
 * What `kubectl kustomize dir` renders.
 * @param {string} dir
 * @returns {Resource[]}
 */
export function kubectlKustomize(dir) {
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) {
    throw new Error(`kubectl kustomize ${dir}: ${(result.stderr || String(result.error)).trim()}`);
  }
  return YAML.parseAllDocuments(result.stdout)
    .map((document) => /** @type {Resource | null} */ (document.toJS()))
    .filter((resource) => resource !== null);
}

/**
 * How this renderer's output for dir differs from `kubectl kustomize dir`: resources missing on
 * either side, in another order, or with other content. Empty when they agree.
 * @param {string} dir
 * @param {Resource[]} [ours] this renderer's output (rendered here if not given)
 * @returns {string[]}
 */
export function differencesFromKubectl(dir, ours = build(dir)) {
  /** @type {Resource[]} */
  let theirs;
  try {
    theirs = kubectlKustomize(dir);
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
  const differences = [];
  const theirsById = new Map(theirs.map((resource) => [resourceId(resource), resource]));
  const oursById = new Map(ours.map((resource) => [resourceId(resource), resource]));
  for (const id of new Set([...oursById.keys(), ...theirsById.keys()])) {
    if (!oursById.has(id)) differences.push(`${id} is missing (kubectl kustomize renders it)`);
    else if (!theirsById.has(id)) differences.push(`${id} is not rendered by kubectl kustomize`);
    else if (!isDeepStrictEqual(oursById.get(id), theirsById.get(id))) {
      differences.push(`${id} differs from kubectl kustomize`);
    }
  }
  const order = (/** @type {Resource[]} */ list) => list.map(resourceId).join(', ');
  if (differences.length === 0 && order(ours) !== order(theirs)) {
    differences.push(`the order differs: kubectl kustomize renders ${order(theirs)}`);
  }
  return differences;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const usage = 'usage: node scripts/validate-deploy/kustomize.mjs <kustomization folder>';
  /** @type {string | undefined} */
  let dir;
  try {
    const { positionals } = parseArgs({ options: {}, allowPositionals: true, strict: true });
    if (positionals.length === 1) dir = positionals[0];
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
  }
  if (!dir) {
    console.error(usage);
    process.exit(64);
  }
  try {
    process.stdout.write(toYaml(build(path.resolve(dir))));
  } catch (error) {
    console.error(error instanceof KustomizeError ? `kustomize: ${error.message}` : error);
    process.exit(1);
  }
}
