// @ts-check
import { analyzePromql, substituteGrafanaVariables } from './promql.mjs';
import { dockerIgnoreMatcher, interpolate, parseDockerfile, runChecks } from './support.mjs';

describe('parseDockerfile', () => {
  it('splits stages, resolves global ARGs in FROM, joins continuations and drops comments', () => {
    const { globalArgs, stages } = parseDockerfile(
      [
        '# syntax=docker/dockerfile:1',
        'ARG NODE_IMAGE=node:24-bookworm-slim',
        'FROM ${NODE_IMAGE} AS build',
        'RUN npm ci \\',
        '    # a comment inside the instruction',
        '    --no-audit',
        'FROM --platform=linux/amd64 $NODE_IMAGE',
        'ENV NODE_ENV=production',
      ].join('\n'),
    );
    expect(globalArgs).toEqual({ NODE_IMAGE: 'node:24-bookworm-slim' });
    expect(stages).toEqual([
      {
        image: 'node:24-bookworm-slim',
        name: 'build',
        instructions: [{ keyword: 'RUN', args: 'npm ci --no-audit' }],
      },
      {
        image: 'node:24-bookworm-slim',
        name: undefined,
        instructions: [{ keyword: 'ENV', args: 'NODE_ENV=production' }],
      },
    ]);
  });
});

describe('dockerIgnoreMatcher', () => {
  const ignored = dockerIgnoreMatcher(
    ['**/node_modules', 'deploy', '!deploy/docker', '*.log', '# a comment'].join('\n'),
  );

  it.each([
    ['node_modules/x/index.js', true],
    ['apps/a/node_modules/y.js', true],
    ['deploy/prometheus/alerts.yml', true],
    ['deploy/docker/entrypoint.sh', false],
    ['build.log', true],
    ['logs/build.log', false],
    ['apps/a/main.ts', false],
  ])('%s → excluded: %s', (file, excluded) => {
    expect(ignored(file)).toBe(excluded);
  });
});

describe('interpolate', () => {
  it('substitutes like docker compose, in nested values', () => {
    expect(
      interpolate(
        {
          a: '${SET}',
          b: ['${UNSET:-fallback}', '${EMPTY:-empty}', '${EMPTY-kept}'],
          c: '$$HOME',
          d: 3,
        },
        { SET: 'value', EMPTY: '' },
      ),
    ).toEqual({ a: 'value', b: ['fallback', 'empty', ''], c: '$HOME', d: 3 });
  });

  it('refuses a required variable that is unset', () => {
    expect(() => interpolate('${NEEDED?set it}', {})).toThrow('${NEEDED} is required: set it');
  });
});

describe('analyzePromql', () => {
  it('finds selectors, matchers and grouping labels', () => {
    const analysis = analyzePromql(
      'sum by (outcome) (rate(hookstream_delivery_attempts_total{outcome!="success"}[5m]))',
    );
    expect(analysis).toEqual({
      errors: [],
      selectors: [
        {
          metric: 'hookstream_delivery_attempts_total',
          matchers: [{ label: 'outcome', op: '!=', value: 'success' }],
        },
      ],
      grouping: ['outcome'],
    });
  });

  it('reports syntax errors', () => {
    expect(analyzePromql('sum(rate(x[5m])').errors).not.toEqual([]);
  });

  it("replaces Grafana's variables by values of the same type", () => {
    expect(substituteGrafanaVariables('rate(x{job=~"$job"}[$__rate_interval])')).toBe(
      'rate(x{job=~".*"}[5m])',
    );
  });
});

describe('runChecks', () => {
  it('collects problems, skips and throws per check', async () => {
    const results = await runChecks((check) => {
      check('passes', () => undefined);
      check('fails twice', (fail) => {
        fail('one');
        fail('two');
      });
      check('skips', (_fail, skip) => skip('no tool'));
      check('throws', () => Promise.reject(new Error('boom')));
    });
    expect(results.map(({ name, problems, skipped }) => [name, problems.length, skipped])).toEqual([
      ['passes', 0, undefined],
      ['fails twice', 2, undefined],
      ['skips', 0, 'no tool'],
      ['throws', 1, undefined],
    ]);
    expect(results[3]?.problems[0]).toMatch(/^threw: Error: boom/);
  });
});
