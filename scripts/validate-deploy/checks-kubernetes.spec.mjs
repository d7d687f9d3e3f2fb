// @ts-check
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubernetesChecks } from './checks-kubernetes.mjs';
import { runChecks } from './support.mjs';

const BROKEN = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'fixtures',
  'kubernetes',
  'broken',
);

describe('the Kubernetes checks on broken manifests', () => {
  /** @type {Map<string, string[]>} check name → problems */
  let problems;

  beforeAll(async () => {
    const results = await runChecks((check) => kubernetesChecks(check, [BROKEN]));
    problems = new Map(results.map((result) => [result.name, result.problems]));
  });

  /** @param {string} prefix the start of a check's name */
  const problemsOf = (prefix) => {
    const names = [...problems.keys()].filter((name) => name.startsWith(prefix));
    expect(names).toHaveLength(1);
    return problems.get(names[0] ?? '') ?? [];
  };

  it('renders them (the fixture itself is valid kustomize)', () => {
    expect(problemsOf(`kubernetes: ${BROKEN} render`)).toEqual([]);
  });

  it('refuses a value of the wrong type (JSON schema)', () => {
    expect(problemsOf('kubernetes: every rendered manifest matches')).toEqual([
      expect.stringMatching(
        /Service\/broken\/hookstream-fanout: \/spec\/ports\/0\/port must be integer/,
      ),
    ]);
  });

  it('refuses an unknown field', () => {
    expect(problemsOf('kubernetes: no unknown fields')).toContainEqual(
      expect.stringMatching(
        /Deployment\/broken\/hookstream-delivery: .*'"imagePullPolicyy"' does not exist/,
      ),
    );
  });

  it('refuses a pod that may run as root, writably, with privileges and without probes', () => {
    const found = problemsOf('kubernetes: pods run non-root');
    for (const expected of [
      'pod not runAsNonRoot',
      'no RuntimeDefault seccomp',
      'allowPrivilegeEscalation is not false',
      'does not drop ALL capabilities',
      'needs memory requests and limits',
      'root filesystem is writable',
      'liveness is not /health/live',
      'readiness is not /health/ready',
    ]) {
      expect(found).toContainEqual(expect.stringContaining(expected));
    }
  });

  it('refuses a Service that selects no pod', () => {
    expect(problemsOf('kubernetes: references resolve')).toContainEqual(
      expect.stringContaining('Service hookstream-fanout selects 0 workloads'),
    );
  });

  it('refuses autoscaling beyond the partition count', () => {
    expect(problemsOf('kubernetes: autoscaling never exceeds')).toEqual([
      expect.stringContaining(
        'HorizontalPodAutoscaler/broken/hookstream-delivery: max 10 replicas > 3 partitions',
      ),
    ]);
  });

  it('refuses apps without their NetworkPolicy', () => {
    expect(problemsOf('kubernetes: delivery reaches the internet')).toContainEqual(
      expect.stringContaining('no NetworkPolicy for delivery'),
    );
  });
});
