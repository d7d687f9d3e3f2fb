#!/usr/bin/env node
// A small kustomize renderer: exactly the features k8s/ uses, so that the manifests can be
// validated after their overlays are applied on a machine without the kustomize binary. Anything
// else in a kustomization is refused with an error rather than silently ignored. Where kubectl is
// installed, scripts/validate-deploy compares this output with `kubectl kustomize`.
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
// Transformers run in kustomize's order: patches, namespace, images.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
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
function mergeKeyOf(fieldPath) {
  const field = fieldPath[fieldPath.length - 1];
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

/** Renders the Kustomization in `dir` into a list of resources. */
export function build(dir) {
  const { kustomization } = load(dir);
  if (kustomization.kind !== 'Kustomization') {
    throw new KustomizeError(`${dir}: expected a Kustomization, found ${kustomization.kind}`);
  }
  return sortLikeKustomize(accumulate(dir, []));
}

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

/** Runs one Kustomization or Component on top of `inherited` (a component's parent's resources). */
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

function readDocuments(file) {
  return YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map((document) => {
      if (document.errors.length > 0) {
        throw new KustomizeError(`${file}: ${document.errors[0].message}`);
      }
      return document.toJS();
    })
    .filter((resource) => resource !== null && resource !== undefined);
}

export function resourceId(resource) {
  const namespace = resource.metadata?.namespace ?? '';
  return `${resource.kind}/${namespace ? `${namespace}/` : ''}${resource.metadata?.name}`;
}

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

function generateConfigMaps(dir, file, k) {
  if (!k.configMapGenerator) return [];
  const options = k.generatorOptions ?? {};
  for (const field of Object.keys(options)) {
    if (!['disableNameSuffixHash', 'labels', 'annotations'].includes(field)) {
      throw new KustomizeError(`${file}: generatorOptions.${field} is not supported`);
    }
  }
  return k.configMapGenerator.map((generator) => {
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
    const metadata = { name: generator.name };
    if (Object.keys(merged.labels).length > 0) metadata.labels = { ...merged.labels };
    if (Object.keys(merged.annotations).length > 0) {
      metadata.annotations = { ...merged.annotations };
    }
    return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
  });
}

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
    const group = resource.apiVersion.includes('/') ? resource.apiVersion.split('/')[0] : '';
    const strategic = BUILTIN_GROUPS.has(group);
    return mergePatch(resource, patch, [], strategic, source);
  });
}

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const clone = (value) => structuredClone(value);

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
    const merged = base.map(clone);
    for (const item of patch) {
      if (!isObject(item) || item[key] === undefined) {
        throw new KustomizeError(`${source}: items of ${fieldPath.join('.')} need "${key}"`);
      }
      const at = merged.findIndex((existing) => existing?.[key] === item[key]);
      if (item.$patch === 'delete') {
        if (at >= 0) merged.splice(at, 1);
      } else if (at >= 0) {
        merged[at] = mergePatch(merged[at], item, fieldPath, strategic, source);
      } else {
        merged.push(clone(item));
      }
    }
    return merged;
  }
  if (isObject(patch)) return mergePatch({}, patch, fieldPath, strategic, source);
  return clone(patch);
}

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
function parseImage(reference) {
  const [withoutDigest, digest] = reference.split('@');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash
    ? { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest }
    : { name: withoutDigest, tag: undefined, digest };
}

function setImage(resources, image, file) {
  for (const field of Object.keys(image)) {
    if (!['name', 'newName', 'newTag', 'digest'].includes(field)) {
      throw new KustomizeError(`${file}: images[].${field} is not supported`);
    }
  }
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

/** A stable output order by kind (Namespace first, like kustomize), then as gathered. */
const KIND_ORDER = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
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

function sortLikeKustomize(resources) {
  const rank = (resource) => {
    const at = KIND_ORDER.indexOf(resource.kind);
    return at >= 0 ? at : KIND_ORDER.length;
  };
  return resources
    .map((resource, index) => ({ resource, index }))
    .sort((a, b) => rank(a.resource) - rank(b.resource) || a.index - b.index)
    .map(({ resource }) => resource);
}

export function toYaml(resources) {
  return resources.map((resource) => YAML.stringify(resource, { lineWidth: 0 })).join('---\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/validate-deploy/kustomize.mjs <kustomization folder>');
    process.exit(64);
  }
  try {
    process.stdout.write(toYaml(build(path.resolve(dir))));
  } catch (error) {
    console.error(error instanceof KustomizeError ? `kustomize: ${error.message}` : error);
    process.exit(1);
  }
}
