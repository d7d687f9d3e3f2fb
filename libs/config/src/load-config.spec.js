'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const zod_1 = require('zod');
const env_schemas_1 = require('./env-schemas');
const load_config_1 = require('./load-config');
const schema = zod_1.z.object({
  RETRY_SCHEDULE: (0, env_schemas_1.durationListMs)('5s,5m,30m,2h,5h,10h,10h'),
  DELIVERY_PORT: (0, env_schemas_1.port)(3002),
});
function configErrorOf(run) {
  try {
    run();
  } catch (error) {
    if (error instanceof load_config_1.ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
describe('loadConfig', () => {
  it('returns the parsed configuration with defaults', () => {
    expect((0, load_config_1.loadConfig)(schema, {})).toEqual({
      RETRY_SCHEDULE: [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000],
      DELIVERY_PORT: 3002,
    });
  });
  it('reads the given environment', () => {
    expect(
      (0, load_config_1.loadConfig)(schema, { RETRY_SCHEDULE: '1s,2s', DELIVERY_PORT: '4000' }),
    ).toEqual({
      RETRY_SCHEDULE: [1_000, 2_000],
      DELIVERY_PORT: 4000,
    });
  });
  it('ignores variables the schema does not declare', () => {
    expect((0, load_config_1.loadConfig)(schema, { PATH: '/usr/bin' })).toEqual(
      (0, load_config_1.loadConfig)(schema, {}),
    );
  });
  it('throws a ConfigError naming the bad variable', () => {
    const error = configErrorOf(() =>
      (0, load_config_1.loadConfig)(schema, { RETRY_SCHEDULE: '5s,soon' }),
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConfigError');
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^RETRY_SCHEDULE: .*soon/);
    expect(error.message).toContain('Invalid configuration');
    expect(error.message).toContain('RETRY_SCHEDULE');
  });
  it('reports every bad variable at once', () => {
    const error = configErrorOf(() =>
      (0, load_config_1.loadConfig)(schema, { RETRY_SCHEDULE: 'x', DELIVERY_PORT: '70000' }),
    );
    expect(error.problems).toHaveLength(2);
    expect(error.problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
      'DELIVERY_PORT',
      'RETRY_SCHEDULE',
    ]);
    expect(error.message).toContain('  - RETRY_SCHEDULE: ');
    expect(error.message).toContain('  - DELIVERY_PORT: ');
  });
  it('names the environment for a problem without a path', () => {
    const strict = zod_1.z
      .object({ A: zod_1.z.string().optional() })
      .refine((env) => env.A !== 'x', 'no x');
    const error = configErrorOf(() => (0, load_config_1.loadConfig)(strict, { A: 'x' }));
    expect(error.problems).toEqual(['environment: no x']);
  });
});
//# sourceMappingURL=load-config.spec.js.map
