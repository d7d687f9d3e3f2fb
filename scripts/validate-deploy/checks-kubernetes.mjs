// @ts-check
// Every Kubernetes manifest after its kustomize overlay: JSON schemas (Kubernetes' OpenAPI and the
// CRDs' schemas, via kubernetes-models), unknown fields, pod security, probes, references between
// resources, partition-bounded autoscaling, the egress policy, and the environment the pods get.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { inspect, isDeepStrictEqual } from 'node:util';
import {
  build,
  differencesFromKubectl,
  hasKubectl,
  KustomizeError,
  resourceId,
} from './kustomize.mjs';
import { PROMETHEUS_RULE_FILE } from './queries.mjs';
import {
  APP_PORTS,
  APPS,
  appConfigProblems,
  imageEnv,
  readText,
  readYaml,
  REPO_ROOT,
  repoPath,
} from './support.mjs';

/**
 * @typedef {import('./support.mjs').Document} Document
 * @typedef {import('./kustomize.mjs').Resource} Resource
 */

const SECRET_TEMPLATE = 'k8s/base/secret.template.yaml';
const SECRET_NAME = 'hookstream-secrets';
const SECRET_KEYS = ['ADMIN_TOKEN', 'SECRETS_ENCRYPTION_KEY', 'DATABASE_URL'];
const REQUIRED_EGRESS_EXCEPT = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '169.254.0.0/16',
  '100.64.0.0/10',
];

/**
 * The kustomizations to render: the base, every overlay.
 * @returns {string[]}
 */
export function kustomizations() {
  const overlays = fs
    .readdirSync(repoPath('k8s/overlays'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `k8s/overlays/${entry.name}`);
  return ['k8s/base', ...overlays.sort()];
}

/** The package and module that model a resource's apiVersion (built-in kinds and our CRDs). */
/** @param {string} apiVersion */
function modelModule(apiVersion) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group === 'keda.sh') return `@kubernetes-models/keda/${apiVersion}`;
  if (group === 'monitoring.coreos.com')
    return `@kubernetes-models/prometheus-operator/${apiVersion}`;
  return group === '' ? `kubernetes-models/${version}` : `kubernetes-models/${apiVersion}`;
}

/**
 * @param {Resource} resource
 * @returns {Document}
 */
const podSpecOf = (resource) =>
  resource.spec?.template?.spec ?? resource.spec?.jobTemplate?.spec?.template?.spec;
/** @param {Resource} resource */
const isHookstream = (resource) =>
  resource.metadata?.labels?.['app.kubernetes.io/part-of'] === 'hookstream';
/**
 * Whether a label selector (matchLabels, matchExpressions) selects these labels.
 * @param {Document} selector
 * @param {Record<string, string>} [labels]
 * @returns {boolean}
 */
const matchesSelector = (selector, labels = {}) =>
  Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value) &&
  (selector?.matchExpressions ?? []).every((/** @type {Document} */ { key, operator, values }) => {
    if (operator === 'In') return values.includes(labels[key]);
    if (operator === 'NotIn') return !values.includes(labels[key]);
    if (operator === 'Exists') return key in labels;
    return !(key in labels);
  });

/**
 * @param {import('./support.mjs').Check} check
 * @param {string[]} [dirs] the kustomizations to render and check (repository-relative or absolute)
 */
export function kubernetesChecks(check, dirs = kustomizations()) {
  /** @type {Map<string, Resource[]>} */
  const renders = new Map();
  /** @type {string[]} */
  const renderErrors = [];
  for (const dir of dirs) {
    try {
      renders.set(dir, build(repoPath(dir)));
    } catch (error) {
      renderErrors.push(
        `${dir}: ${error instanceof KustomizeError ? error.message : inspect(error)}`,
      );
    }
  }
  const secretTemplate = readYaml(SECRET_TEMPLATE);
  /** @param {(dir: string, resource: Resource, resources: Resource[]) => void} fn */
  const each = (fn) => {
    for (const [dir, resources] of renders)
      for (const resource of resources) fn(dir, resource, resources);
  };

  check(`kubernetes: ${dirs.join(', ')} render`, (fail) => {
    for (const error of renderErrors) fail(error);
    for (const [dir, resources] of renders) {
      if (dir !== 'k8s/base' && !resources.some((r) => r.kind === 'Namespace')) {
        fail(`${dir} creates no Namespace`);
      }
    }
  });

  check(
    'kubernetes: every rendered manifest matches its Kubernetes / CRD JSON schema',
    async (fail) => {
      const documents = [
        ...[...renders.entries()].flatMap(([dir, list]) => list.map((r) => [dir, r])),
        [SECRET_TEMPLATE, secretTemplate],
      ];
      for (const [dir, resource] of documents) {
        let Model;
        try {
          Model = (await import(modelModule(resource.apiVersion)))[resource.kind];
        } catch {
          Model = undefined;
        }
        if (!Model) {
          fail(
            `${dir} ${resourceId(resource)}: no schema for ${resource.apiVersion} ${resource.kind}`,
          );
          continue;
        }
        try {
          new Model(structuredClone(resource)).validate();
        } catch (thrown) {
          /** @type {Document} */
          const error = thrown;
          const details = (error.errors ?? [])
            .map((/** @type {Document} */ e) => `${e.instancePath} ${e.message ?? e.keyword}`)
            .join('; ');
          fail(`${dir} ${resourceId(resource)}: ${details || error.message}`);
        }
      }
    },
  );

  check(
    'kubernetes: no unknown fields (TypeScript excess-property check on the models)',
    (fail) => {
      for (const problem of unknownFieldProblems([
        ...new Map(
          [...renders.values()]
            .flat()
            .concat(secretTemplate)
            .map((r) => [JSON.stringify(r), r]),
        ).values(),
      ])) {
        fail(problem);
      }
    },
  );

  check(
    'kubernetes: pods run non-root, read-only, unprivileged, with probes and resources',
    (fail) => {
      each((dir, resource) => {
        const pod = podSpecOf(resource);
        if (!pod) return;
        const where = `${dir} ${resourceId(resource)}`;
        const app = isHookstream(resource);
        if (pod.securityContext?.runAsNonRoot !== true) fail(`${where}: pod not runAsNonRoot`);
        if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault')
          fail(`${where}: no RuntimeDefault seccomp`);
        for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
          const at = `${where} container ${container.name}`;
          const security = container.securityContext ?? {};
          if (security.allowPrivilegeEscalation !== false)
            fail(`${at}: allowPrivilegeEscalation is not false`);
          if (!security.capabilities?.drop?.includes('ALL'))
            fail(`${at}: does not drop ALL capabilities`);
          if (!container.resources?.requests?.memory || !container.resources?.limits?.memory) {
            fail(`${at}: needs memory requests and limits`);
          }
          if (!app) continue; // dev-only Kafka and PostgreSQL write to their image's folders
          if (security.readOnlyRootFilesystem !== true) fail(`${at}: root filesystem is writable`);
          const tmp = container.volumeMounts?.find(
            (/** @type {Document} */ mount) => mount.mountPath === '/tmp',
          );
          const volume = pod.volumes?.find((/** @type {Document} */ v) => v.name === tmp?.name);
          if (!volume?.emptyDir) fail(`${at}: no emptyDir mounted at /tmp`);
          if (!container.resources?.requests?.cpu) fail(`${at}: no CPU request`);
          if (resource.kind !== 'Deployment') continue;
          const appName = container.args?.[0];
          if (!APPS.includes(appName))
            fail(`${at}: args ${JSON.stringify(container.args)} name no app`);
          const port = container.ports?.find((/** @type {Document} */ p) => p.name === 'http');
          if (port?.containerPort !== APP_PORTS[appName])
            fail(`${at}: http port is not ${APP_PORTS[appName]}`);
          if (container.livenessProbe?.httpGet?.path !== '/health/live')
            fail(`${at}: liveness is not /health/live`);
          if (container.readinessProbe?.httpGet?.path !== '/health/ready')
            fail(`${at}: readiness is not /health/ready`);
          for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
            const target = container[probe]?.httpGet?.port;
            if (target !== undefined && target !== 'http') fail(`${at}: ${probe} port ${target}`);
          }
        }
      });
    },
  );

  check('kubernetes: images are pinned in the overlays; every app runs the same image', (fail) => {
    for (const [dir, resources] of renders) {
      const images = new Set();
      for (const resource of resources.filter(isHookstream)) {
        for (const container of podSpecOf(resource)?.containers ?? []) images.add(container.image);
      }
      if (images.size !== 1) fail(`${dir}: the apps run ${images.size} different images`);
      if (dir === 'k8s/base') continue;
      for (const image of images) {
        if (!/[:@]/.test(image.split('/').pop()) || image.endsWith(':latest')) {
          fail(`${dir}: image ${image} has no tag`);
        }
      }
    }
  });

  check(
    'kubernetes: references resolve (config, secrets, selectors, ports, scale targets)',
    (fail) => {
      const templateKeys = Object.keys(secretTemplate.stringData ?? {});
      if (!isDeepStrictEqual(templateKeys.sort(), [...SECRET_KEYS].sort())) {
        fail(`${SECRET_TEMPLATE} keys ${templateKeys.join()} are not ${SECRET_KEYS.join()}`);
      }
      for (const [dir, resources] of renders) {
        const find = (/** @type {string} */ kind, /** @type {string} */ name) =>
          resources.find((r) => r.kind === kind && r.metadata.name === name);
        const workloads = resources.filter((r) => podSpecOf(r));
        const podLabels = workloads.map((w) => w.spec.template?.metadata?.labels ?? {});
        for (const workload of workloads) {
          const where = `${dir} ${resourceId(workload)}`;
          for (const container of podSpecOf(workload).containers) {
            for (const source of container.envFrom ?? []) {
              if (source.configMapRef && !find('ConfigMap', source.configMapRef.name)) {
                fail(`${where}: ConfigMap ${source.configMapRef.name} is missing`);
              }
            }
            for (const { valueFrom } of container.env ?? []) {
              const ref = valueFrom?.secretKeyRef;
              if (!ref) continue;
              const secret = find('Secret', ref.name);
              const keys = secret
                ? Object.keys({ ...secret.data, ...secret.stringData })
                : ref.name === SECRET_NAME
                  ? templateKeys
                  : [];
              if (!keys.includes(ref.key))
                fail(`${where}: Secret ${ref.name} has no key ${ref.key}`);
            }
          }
          if (
            workload.spec.selector &&
            !matchesSelector(workload.spec.selector, workload.spec.template.metadata.labels)
          ) {
            fail(`${where}: selector does not match its pod template`);
          }
        }
        for (const service of resources.filter((r) => r.kind === 'Service')) {
          const backing = workloads.filter((w) =>
            Object.entries(service.spec.selector ?? {}).every(
              ([k, v]) => w.spec.template.metadata.labels?.[k] === v,
            ),
          );
          if (backing.length !== 1)
            fail(`${dir} Service ${service.metadata.name} selects ${backing.length} workloads`);
          for (const port of service.spec.ports) {
            const named =
              backing[0] &&
              podSpecOf(backing[0]).containers.some((/** @type {Document} */ c) =>
                c.ports?.some(
                  (/** @type {Document} */ p) =>
                    p.name === port.targetPort || p.containerPort === port.targetPort,
                ),
              );
            if (!named)
              fail(
                `${dir} Service ${service.metadata.name}: targetPort ${port.targetPort} is no container port`,
              );
          }
        }
        for (const kind of ['PodDisruptionBudget', 'NetworkPolicy']) {
          for (const policy of resources.filter((r) => r.kind === kind)) {
            const selector =
              kind === 'NetworkPolicy' ? policy.spec.podSelector : policy.spec.selector;
            if (!podLabels.some((labels) => matchesSelector(selector, labels))) {
              fail(`${dir} ${kind} ${policy.metadata.name} selects no pod`);
            }
          }
        }
        for (const monitor of resources.filter((r) => r.kind === 'ServiceMonitor')) {
          const selected = resources.filter(
            (r) =>
              r.kind === 'Service' && matchesSelector(monitor.spec.selector, r.metadata.labels),
          );
          const names = selected.map((s) => s.metadata.name).sort();
          // The projector is the subscriptions image in a Deployment of its own (its roles).
          const expected = [...APPS, 'projector'].map((app) => `hookstream-${app}`).sort();
          if (!isDeepStrictEqual(names, expected)) {
            fail(
              `${dir} ServiceMonitor selects ${names.join(', ') || 'nothing'}, not ${expected.join(', ')}`,
            );
          }
          for (const endpoint of monitor.spec.endpoints) {
            for (const service of selected) {
              if (
                !service.spec.ports.some((/** @type {Document} */ p) => p.name === endpoint.port)
              ) {
                fail(
                  `${dir} ServiceMonitor port ${endpoint.port} is not a port of ${service.metadata.name}`,
                );
              }
            }
          }
        }
        const scaled = new Map();
        for (const scaler of resources.filter(
          (r) => r.kind === 'HorizontalPodAutoscaler' || r.kind === 'ScaledObject',
        )) {
          const target = scaler.spec.scaleTargetRef.name;
          const deployment = find('Deployment', target);
          if (!deployment) fail(`${dir} ${resourceId(scaler)} scales missing Deployment ${target}`);
          else if (deployment.spec.replicas !== undefined) {
            fail(
              `${dir} Deployment ${target} sets replicas although ${scaler.kind} ${scaler.metadata.name} owns the count`,
            );
          }
          if (scaled.has(target))
            fail(
              `${dir} Deployment ${target} has two autoscalers (${scaled.get(target)}, ${scaler.kind})`,
            );
          scaled.set(target, scaler.kind);
        }
      }
    },
  );

  check(
    'kubernetes: autoscaling never exceeds KAFKA_TOPIC_PARTITIONS (consumers per group <= partitions)',
    (fail) => {
      for (const [dir, resources] of renders) {
        const config = resources.find(
          (r) => r.kind === 'ConfigMap' && r.metadata.name === 'hookstream-config',
        );
        const partitions = Number(config?.data?.KAFKA_TOPIC_PARTITIONS);
        if (!Number.isInteger(partitions) || partitions < 1) {
          fail(`${dir}: hookstream-config has no KAFKA_TOPIC_PARTITIONS`);
          continue;
        }
        for (const scaler of resources) {
          const max =
            scaler.kind === 'HorizontalPodAutoscaler'
              ? scaler.spec.maxReplicas
              : scaler.kind === 'ScaledObject'
                ? scaler.spec.maxReplicaCount
                : undefined;
          const min =
            scaler.kind === 'HorizontalPodAutoscaler'
              ? scaler.spec.minReplicas
              : scaler.spec?.minReplicaCount;
          if (max === undefined) continue;
          if (max > partitions)
            fail(`${dir} ${resourceId(scaler)}: max ${max} replicas > ${partitions} partitions`);
          if (min > max) fail(`${dir} ${resourceId(scaler)}: min ${min} > max ${max}`);
        }
        for (const deployment of resources.filter(
          (r) =>
            r.kind === 'Deployment' &&
            ['hookstream-fanout', 'hookstream-delivery', 'hookstream-projector'].includes(
              r.metadata.name,
            ),
        )) {
          if ((deployment.spec.replicas ?? 0) > partitions)
            fail(`${dir} ${resourceId(deployment)}: more replicas than partitions`);
        }
      }
    },
  );

  check(
    'kubernetes: delivery reaches the internet but no private range; every app reaches DNS and Kafka',
    (fail) => {
      for (const [dir, resources] of renders) {
        const policies = resources.filter((r) => r.kind === 'NetworkPolicy');
        for (const app of APPS) {
          const policy = policies.find((p) =>
            matchesSelector(p.spec.podSelector, { 'app.kubernetes.io/name': `hookstream-${app}` }),
          );
          if (!policy) {
            fail(`${dir}: no NetworkPolicy for ${app}`);
            continue;
          }
          const egress = policy.spec.egress ?? [];
          const allowsPort = (/** @type {number} */ port, /** @type {string} */ protocol) =>
            egress.some((/** @type {Document} */ rule) =>
              rule.ports?.some(
                (/** @type {Document} */ p) =>
                  p.port === port && (p.protocol ?? 'TCP') === protocol,
              ),
            );
          if (!allowsPort(53, 'UDP') || !allowsPort(53, 'TCP'))
            fail(`${dir} ${app}: no DNS egress`);
          if (
            !egress.some(
              (/** @type {Document} */ rule) =>
                !rule.to && rule.ports?.some((/** @type {Document} */ p) => p.port === 9092),
            )
          )
            fail(`${dir} ${app}: no Kafka egress`);
          if (
            !policy.spec.ingress?.some((/** @type {Document} */ rule) =>
              rule.ports?.some((/** @type {Document} */ p) => p.port === APP_PORTS[app]),
            )
          ) {
            fail(`${dir} ${app}: no ingress to port ${APP_PORTS[app]} (probes, Prometheus)`);
          }
          const blocks = egress.flatMap((/** @type {Document} */ rule) =>
            (rule.to ?? []).map((/** @type {Document} */ peer) => peer.ipBlock).filter(Boolean),
          );
          const internet = blocks.find(
            (/** @type {Document} */ block) => block.cidr === '0.0.0.0/0',
          );
          if (app === 'delivery') {
            const missing = REQUIRED_EGRESS_EXCEPT.filter(
              (cidr) => !internet?.except?.includes(cidr),
            );
            if (!internet) fail(`${dir} delivery: no egress to 0.0.0.0/0`);
            else if (missing.length > 0)
              fail(`${dir} delivery: internet egress does not exclude ${missing.join(', ')}`);
            const ipv6 = blocks.find((/** @type {Document} */ block) => block.cidr === '::/0');
            if (ipv6 && !['fc00::/7', 'fe80::/10'].every((cidr) => ipv6.except?.includes(cidr))) {
              fail(`${dir} delivery: IPv6 egress does not exclude fc00::/7 and fe80::/10`);
            }
          } else if (blocks.length > 0) {
            fail(`${dir} ${app}: egress to IP blocks (only delivery calls out)`);
          }
        }
      }
    },
  );

  check(
    'kubernetes: dashboard ConfigMap is generated from the dashboard file, for the Grafana sidecar',
    (fail) => {
      const dashboard = readText('deploy/grafana/dashboards/hookstream.json');
      for (const [dir, resources] of renders) {
        const configMap = resources.find(
          (r) => r.kind === 'ConfigMap' && r.data?.['hookstream.json'] !== undefined,
        );
        if (!configMap) fail(`${dir}: no dashboard ConfigMap`);
        else {
          if (configMap.data['hookstream.json'] !== dashboard)
            fail(`${dir}: dashboard ConfigMap differs from the file`);
          if (configMap.metadata.labels?.grafana_dashboard !== '1')
            fail(`${dir}: dashboard ConfigMap lacks grafana_dashboard: "1"`);
        }
      }
      const rule = readYaml(PROMETHEUS_RULE_FILE);
      const prod = renders.get('k8s/overlays/prod') ?? [];
      if (!prod.some((r) => r.kind === 'PrometheusRule' && isDeepStrictEqual(r.spec, rule.spec)))
        fail('prod has no PrometheusRule');
      if (!prod.some((r) => r.kind === 'ServiceMonitor')) fail('prod has no ServiceMonitor');
    },
  );

  check("kubernetes: the pods' environment passes each app's configuration schema", (fail) => {
    // Valid stand-ins for the Secret the operator creates (prod) — and the template's placeholders,
    // which must be refused: an unedited template never runs.
    const valid = {
      ADMIN_TOKEN: 'x'.repeat(32),
      SECRETS_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      DATABASE_URL: 'postgres://hookstream:secret@db.example:5432/hookstream',
    };
    for (const [dir, resources] of renders) {
      for (const deployment of resources.filter(
        (r) => r.kind === 'Deployment' && isHookstream(r),
      )) {
        const container = deployment.spec.template.spec.containers[0];
        const app = container.args[0];
        const env = (/** @type {Record<string, string>} */ secretValues) => {
          const result = { ...imageEnv() };
          for (const source of container.envFrom ?? []) {
            const configMap = resources.find(
              (r) => r.kind === 'ConfigMap' && r.metadata.name === source.configMapRef?.name,
            );
            Object.assign(result, configMap?.data);
          }
          for (const variable of container.env ?? []) {
            const ref = variable.valueFrom?.secretKeyRef;
            if (!ref) result[variable.name] = variable.value;
            else {
              const secret = resources.find(
                (r) => r.kind === 'Secret' && r.metadata.name === ref.name,
              );
              result[variable.name] = secret
                ? (secret.stringData?.[ref.key] ??
                  Buffer.from(secret.data?.[ref.key] ?? '', 'base64').toString())
                : secretValues[ref.key];
            }
          }
          return result;
        };
        for (const problem of appConfigProblems(app, env(valid))) fail(`${dir} ${app}: ${problem}`);
        if (resources.some((r) => r.kind === 'Secret' && r.metadata.name === SECRET_NAME)) continue;
        const refused = appConfigProblems(app, env(secretTemplate.stringData));
        for (const key of SECRET_KEYS) {
          const used = container.env?.some(
            (/** @type {Document} */ v) => v.valueFrom?.secretKeyRef?.key === key,
          );
          if (used && !refused.some((problem) => problem.startsWith(`${key}:`))) {
            fail(`${dir} ${app}: the template's placeholder for ${key} would be accepted`);
          }
        }
      }
    }
  });

  check('kubernetes: the renderer agrees with `kubectl kustomize`', (fail, skip) => {
    if (!hasKubectl()) return skip('kubectl is not installed');
    for (const [dir, resources] of renders) {
      for (const difference of differencesFromKubectl(repoPath(dir), resources)) {
        fail(`${dir}: ${difference}`);
      }
    }
    return undefined;
  });
}

const require = createRequire(import.meta.url);

/**
 * Unknown fields pass the JSON schemas (Kubernetes' schemas allow additional properties; the API
 * server drops them, or rejects them with --validate=strict). TypeScript's excess-property check
 * against the models' types catches them offline: each resource becomes a typed object literal.
 * @param {Resource[]} resources
 * @returns {string[]}
 */
function unknownFieldProblems(resources) {
  /** @type {typeof import('typescript')} */
  const ts = require('typescript');
  /** @type {string[]} */
  const lines = [];
  /** @type {{ from: number, to: number, resource: Resource }[]} */
  const owners = [];
  /** @type {Map<string, { alias: string, kind: string }>} */
  const imports = new Map();
  resources.forEach((resource, index) => {
    const module = `${modelModule(resource.apiVersion)}/${resource.kind}`;
    const alias = `I${resource.kind}_${imports.size}`;
    if (!imports.has(module)) imports.set(module, { alias, kind: resource.kind });
    const { alias: type } = imports.get(module) ?? { alias: '' };
    const literal = JSON.stringify(resource, null, 1).split('\n');
    owners.push({ from: lines.length + 1, to: lines.length + literal.length, resource });
    lines.push(`export const r${index}: ${type} = ${literal[0]}`, ...literal.slice(1));
  });
  const header = [...imports].map(
    ([module, { alias, kind }]) => `import type { I${kind} as ${alias} } from '${module}';`,
  );
  const fileName = path.join(REPO_ROOT, 'scripts/validate-deploy/__manifests__.mts');
  const text = [...header, ...lines].join('\n');
  const options = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (name === fileName ? text : readFile(name));
  host.fileExists = (
    (exists) => (name) =>
      name === fileName || exists(name)
  )(host.fileExists.bind(host));
  host.getSourceFile = (name, version, ...rest) =>
    name === fileName
      ? ts.createSourceFile(name, text, version)
      : getSourceFile(name, version, ...rest);
  const program = ts.createProgram([fileName], options, host);
  const source = program.getSourceFile(fileName);
  if (!source) throw new Error(`${fileName} did not compile`);
  return ts.getPreEmitDiagnostics(program, source).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (diagnostic.start === undefined) return message;
    const line = source.getLineAndCharacterOfPosition(diagnostic.start).line - header.length + 1;
    const owner = owners.find(({ from, to }) => line >= from && line <= to);
    return `${owner ? resourceId(owner.resource) : 'imports'}: ${message}`;
  });
}
