// @ts-check
import { describe, expect, it } from '@jest/globals';
import { parseRunnerArgs, selectScenarios } from './cli.mjs';

const spec = {
  scenarios: ['burst-1', 'steady', 'ingest'],
  defaults: { kafkaPort: 29192, database: 'hookstream_bench' },
};

describe('parseRunnerArgs', () => {
  it('has defaults for a fresh clone', () => {
    expect(parseRunnerArgs([], spec)).toEqual({
      quick: false,
      only: [],
      profile: false,
      kafkaPort: 29192,
      portBase: 0,
      database: 'hookstream_bench',
      databaseServer: 'postgres://postgres@127.0.0.1:5432/postgres',
      help: false,
    });
  });

  it('reads every option', () => {
    const options = parseRunnerArgs(
      [
        '--quick',
        '--profile',
        '--only',
        'steady',
        '--kafka-port=19510',
        '--port-base',
        '44100',
        '--database',
        'hs_scen_bench',
      ],
      spec,
    );

    expect(options).toMatchObject({
      quick: true,
      profile: true,
      only: ['steady'],
      kafkaPort: 19510,
      portBase: 44100,
      database: 'hs_scen_bench',
    });
  });

  it('takes --only as a list or repeated', () => {
    expect(parseRunnerArgs(['--only', 'steady, burst-1', '--only', 'ingest'], spec).only).toEqual([
      'steady',
      'burst-1',
      'ingest',
    ]);
  });

  it('takes --quick and --profile from npm when given as `npm run bench --quick`', () => {
    const options = parseRunnerArgs([], spec, {
      npm_config_quick: 'true',
      npm_config_profile: 'true',
    });

    expect(options.quick).toBe(true);
    expect(options.profile).toBe(true);
  });

  it('uses DATABASE_URL for the server', () => {
    expect(
      parseRunnerArgs([], spec, { DATABASE_URL: 'postgres://u@db:5433/x' }).databaseServer,
    ).toBe('postgres://u@db:5433/x');
  });

  it.each([
    [['--only', 'bursts'], /Unknown scenario "bursts"; choose from burst-1, steady, ingest/],
    [['--kafka-port', '80'], /Invalid --kafka-port "80"/],
    [['--port-base', 'x'], /Invalid --port-base "x"/],
    [['--database', 'Robert"); DROP'], /Invalid --database/],
    [['--fast'], /Unknown option '--fast'/],
    [['steady'], /Unexpected argument 'steady'/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseRunnerArgs(argv, spec)).toThrow(message);
  });
});

describe('selectScenarios', () => {
  const all = [{ name: 'a' }, { name: 'b' }, { name: 'c' }];

  it('keeps the declared order whatever order --only names them in', () => {
    expect(selectScenarios(all, ['c', 'a'])).toEqual([{ name: 'a' }, { name: 'c' }]);
  });

  it('runs every scenario when none is named', () => {
    expect(selectScenarios(all, [])).toEqual(all);
  });
});
