// @ts-check
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  build,
  differencesFromKubectl,
  hasKubectl,
  kubectlKustomize,
  toYaml,
} from './kustomize.mjs';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'kustomize');
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Writes files (path → content) into a new temporary folder and returns it.
 * @param {Record<string, string>} files
 */
function folder(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookstream-kustomize-'));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\ndata:\n  a: "1"\n';

describe('the kustomize renderer', () => {
  beforeAll(() => {
    // The comparisons need kubectl's kustomize; npm test requires it rather than skip them.
    if (!hasKubectl()) throw new Error('kubectl is not installed (npm test needs it)');
  });

  it('renders a fixture using every supported feature exactly as kubectl kustomize does', () => {
    const overlay = path.join(FIXTURES, 'overlay');
    expect(differencesFromKubectl(overlay)).toEqual([]);
    // …and the comparison is not vacuous: the features left their marks.
    const resources = build(overlay);
    const deployment = resources.find((r) => r.kind === 'Deployment');
    expect(
      resources.map((r) => `${r.kind}/${r.metadata.namespace ?? ''}/${r.metadata.name}`),
    ).toEqual([
      'Namespace//demo',
      'ConfigMap/demo/demo-config',
      'Service/demo/demo-api',
      'Deployment/demo/demo-api',
      'HorizontalPodAutoscaler/demo/demo-api',
      'ServiceMonitor/demo/demo',
    ]);
    expect(deployment?.spec.template.spec.containers[0].env).toEqual([
      { name: 'MODE', value: 'overlay' },
      { name: 'ADDED', value: 'added' },
      { name: 'FROM_COMPONENT', value: 'yes' },
      { name: 'KEEP', value: 'kept' },
    ]);
    expect(deployment?.spec.template.spec.initContainers[0].image).toBe(
      'registry.example.com/demo/app:2.0',
    );
  });

  it('renders every kustomization under k8s/ exactly as kubectl kustomize does', () => {
    for (const dir of [
      'k8s/base',
      'k8s/overlays/dev',
      'k8s/overlays/prod',
      'k8s/overlays/prod-keda',
    ]) {
      expect({ dir, differences: differencesFromKubectl(path.join(REPO_ROOT, dir)) }).toEqual({
        dir,
        differences: [],
      });
    }
  });

  it('prints YAML that kubectl reads back to the same resources, strings like "yes" quoted', () => {
    const overlay = path.join(FIXTURES, 'overlay');
    const printed = folder({
      'kustomization.yaml': 'resources: [all.yaml]\n',
      'all.yaml': toYaml(build(overlay)),
    });
    expect(kubectlKustomize(printed)).toEqual(kubectlKustomize(overlay));
    expect(toYaml(build(overlay))).toContain('value: "yes"');
  });

  it('reports what differs from kubectl kustomize', () => {
    const overlay = path.join(FIXTURES, 'overlay');
    const resources = build(overlay);
    const [namespace, ...rest] = resources;
    if (!namespace) throw new Error('the fixture renders nothing');
    expect(differencesFromKubectl(overlay, [...rest, namespace])[0]).toMatch(/^the order differs/);
    expect(differencesFromKubectl(overlay, rest)).toEqual([
      'Namespace/demo is missing (kubectl kustomize renders it)',
    ]);
    const changed = build(overlay);
    const configMap = changed.find((resource) => resource.kind === 'ConfigMap');
    if (!configMap) throw new Error('the fixture renders no ConfigMap');
    configMap.data.LOG_LEVEL = 'debug';
    expect(differencesFromKubectl(overlay, changed)).toEqual([
      'ConfigMap/demo/demo-config differs from kubectl kustomize',
    ]);
  });

  it.each([
    [
      'a field it does not support',
      { 'kustomization.yaml': 'resources: [cm.yaml]\nnamePrefix: x-\n', 'cm.yaml': CONFIG_MAP },
      /field "namePrefix" is not supported by this renderer/,
    ],
    [
      'a resource defined twice',
      {
        'kustomization.yaml': 'resources: [a.yaml, b.yaml]\n',
        'a.yaml': CONFIG_MAP,
        'b.yaml': CONFIG_MAP,
      },
      /resource ConfigMap\/one is defined twice/,
    ],
    [
      'a missing resource file',
      { 'kustomization.yaml': 'resources: [missing.yaml]\n' },
      /resource missing.yaml not found/,
    ],
    [
      'a folder without a kustomization',
      { 'kustomization.yaml': 'resources: [sub]\n', 'sub/cm.yaml': CONFIG_MAP },
      /sub: no kustomization.yaml/,
    ],
    [
      'a Component listed as a resource',
      {
        'kustomization.yaml': 'resources: [component]\n',
        'component/kustomization.yaml':
          'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n',
      },
      /resource component is a Component/,
    ],
    [
      'a wrong apiVersion',
      { 'kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1\nkind: Kustomization\n' },
      /Kustomization must be kustomize.config.k8s.io\/v1beta1/,
    ],
    [
      'a patch that matches nothing',
      {
        'kustomization.yaml': 'resources: [cm.yaml]\npatches:\n  - path: patch.yaml\n',
        'cm.yaml': CONFIG_MAP,
        'patch.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata:\n  b: "2"\n',
      },
      /the patch matches no ConfigMap other/,
    ],
    [
      'a patch with a target',
      {
        'kustomization.yaml':
          'resources: [cm.yaml]\npatches:\n  - path: patch.yaml\n    target:\n      kind: ConfigMap\n',
        'cm.yaml': CONFIG_MAP,
        'patch.yaml': CONFIG_MAP,
      },
      /patches\[\].target is not supported/,
    ],
    [
      'a merge-keyed list item without its key',
      {
        'kustomization.yaml': 'resources: [pod.yaml]\npatches:\n  - path: patch.yaml\n',
        'pod.yaml':
          'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: i\n',
        'patch.yaml':
          'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - image: j\n',
      },
      /items of spec.containers need "name"/,
    ],
    [
      'a generated ConfigMap with a name hash',
      { 'kustomization.yaml': 'configMapGenerator:\n  - name: generated\n    literals: [a=1]\n' },
      /configMapGenerator generated needs disableNameSuffixHash: true/,
    ],
    [
      'a generator file outside the kustomization',
      {
        'overlay/kustomization.yaml':
          'configMapGenerator:\n  - name: generated\n    files: [../outside.txt]\ngeneratorOptions:\n  disableNameSuffixHash: true\n',
        'outside.txt': 'x',
      },
      /\.\.\/outside.txt is outside/,
    ],
    [
      'a namespace: that renames a Namespace object',
      {
        'kustomization.yaml': 'namespace: two\nresources: [ns.yaml]\n',
        'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: one\n',
      },
      /Namespace one differs from namespace: two/,
    ],
    [
      'a document without a name',
      {
        'kustomization.yaml': 'resources: [cm.yaml]\n',
        'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\n',
      },
      /a resource lacks apiVersion, kind or metadata.name/,
    ],
  ])('refuses %s', (_what, files, message) => {
    const dir = folder(files);
    const root = fs.existsSync(path.join(dir, 'overlay')) ? path.join(dir, 'overlay') : dir;
    expect(() => build(root)).toThrow(message);
  });
});
