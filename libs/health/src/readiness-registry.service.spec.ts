import {
  HealthController,
  LivenessRegistry,
  READINESS_CHECK_TIMEOUT_MS,
  ReadinessRegistry,
} from '@app/health';

describe('ReadinessRegistry', () => {
  afterEach(() => jest.useRealTimers());

  it('is ready with no checks and with all checks passing', async () => {
    const registry = new ReadinessRegistry();
    await expect(registry.report()).resolves.toEqual({ ready: true, checks: {} });

    registry.register('kafka', () => true);
    registry.register('database', () => Promise.resolve(true));
    await expect(registry.report()).resolves.toEqual({
      ready: true,
      checks: { kafka: true, database: true },
    });
  });

  it('is not ready when a check fails, throws or rejects', async () => {
    const registry = new ReadinessRegistry();
    registry.register('ok', () => true);
    registry.register('false', () => false);
    registry.register('throws', () => {
      throw new Error('no broker');
    });
    registry.register('rejects', () => Promise.reject(new Error('no database')));

    await expect(registry.report()).resolves.toEqual({
      ready: false,
      checks: { ok: true, false: false, throws: false, rejects: false },
    });
  });

  it('counts a check that takes longer than 2 s as failed', async () => {
    jest.useFakeTimers();
    const registry = new ReadinessRegistry();
    registry.register('fast', () => true);
    registry.register(
      'slow',
      () => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 1_500)),
    );
    registry.register('hangs', () => new Promise<boolean>(() => undefined));

    const report = registry.report();
    await jest.advanceTimersByTimeAsync(READINESS_CHECK_TIMEOUT_MS);
    await expect(report).resolves.toEqual({
      ready: false,
      checks: { fast: true, slow: true, hangs: false },
    });
  });

  it('replaces a check registered under the same name', async () => {
    const registry = new ReadinessRegistry();
    registry.register('view', () => false);
    registry.register('view', () => true);
    await expect(registry.report()).resolves.toEqual({ ready: true, checks: { view: true } });
  });

  it('stays not ready once shutting down, also when Nest destroys the module', async () => {
    const registry = new ReadinessRegistry();
    registry.register('kafka', () => true);
    registry.markShuttingDown();
    await expect(registry.report()).resolves.toEqual({ ready: false, checks: { kafka: true } });

    const other = new ReadinessRegistry();
    other.onModuleDestroy();
    expect(other.isShuttingDown).toBe(true);
    await expect(other.report()).resolves.toMatchObject({ ready: false });
  });
});

describe('HealthController', () => {
  const response = () => ({ status: jest.fn() });

  it('answers live with 200 while every liveness check passes', () => {
    const liveness = new LivenessRegistry();
    liveness.register('kafka-consumers', () => true);
    const res = response();
    expect(new HealthController(new ReadinessRegistry(), liveness).live(res)).toEqual({
      status: 'ok',
      checks: { 'kafka-consumers': true },
    });
    expect(res.status).toHaveBeenCalledWith(200);
  });

  it('answers live with 503 when a liveness check fails or throws', () => {
    const liveness = new LivenessRegistry();
    liveness.register('kafka-consumers', () => false);
    liveness.register('view', () => {
      throw new Error('gone');
    });
    liveness.register('other', () => true);
    const res = response();
    expect(new HealthController(new ReadinessRegistry(), liveness).live(res)).toEqual({
      status: 'failing',
      checks: { 'kafka-consumers': false, view: false, other: true },
    });
    expect(res.status).toHaveBeenCalledWith(503);
  });

  it('answers ready with 200 and the checks', async () => {
    const registry = new ReadinessRegistry();
    registry.register('kafka', () => true);
    const res = response();
    await expect(
      new HealthController(registry, new LivenessRegistry()).ready(res),
    ).resolves.toEqual({
      status: 'ready',
      checks: { kafka: true },
    });
    expect(res.status).toHaveBeenCalledWith(200);
  });

  it('answers not ready with 503 and the checks', async () => {
    const registry = new ReadinessRegistry();
    registry.register('kafka', () => true);
    registry.register('subscriptions-view', () => false);
    const res = response();
    await expect(
      new HealthController(registry, new LivenessRegistry()).ready(res),
    ).resolves.toEqual({
      status: 'not_ready',
      checks: { kafka: true, 'subscriptions-view': false },
    });
    expect(res.status).toHaveBeenCalledWith(503);
  });
});
