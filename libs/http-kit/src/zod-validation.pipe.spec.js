'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const zod_1 = require('zod');
const http_kit_1 = require('./');
const body = { type: 'body' };
async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof http_kit_1.ApiError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}
describe('ZodValidationPipe', () => {
  const schema = zod_1.z.strictObject({
    url: zod_1.z.url(),
    events: zod_1.z.array(zod_1.z.string()).default(['*']),
    enabled: zod_1.z.boolean().optional(),
  });
  const pipe = new http_kit_1.ZodValidationPipe(schema);
  it('returns the parsed value with defaults applied', async () => {
    await expect(pipe.transform({ url: 'https://example.com/hook' }, body)).resolves.toEqual({
      url: 'https://example.com/hook',
      events: ['*'],
    });
  });
  it('answers 400 validation_failed naming the first problem and listing all', async () => {
    const error = await rejection(pipe.transform({ url: 'nope', events: ['a', 1] }, body));
    expect(error.toBody()).toEqual({
      status: 400,
      code: 'validation_failed',
      message: 'url: Invalid URL',
      details: [
        { path: 'url', message: 'Invalid URL' },
        { path: 'events.1', message: 'Invalid input: expected string, received number' },
      ],
    });
  });
  it('rejects unknown fields of a strict schema', async () => {
    const error = await rejection(
      pipe.transform({ url: 'https://example.com', secretz: 'typo' }, body),
    );
    expect(error.status).toBe(400);
    expect(error.details).toEqual([{ path: '', message: 'Unrecognized key: "secretz"' }]);
  });
  it('rejects a missing body', async () => {
    const error = await rejection(pipe.transform(undefined, body));
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('Invalid input: expected object, received undefined');
  });
  it('prefixes paths with the validated key of a query or route parameter', async () => {
    const limit = new http_kit_1.ZodValidationPipe(zod_1.z.coerce.number().int().min(1).max(100));
    await expect(limit.transform('20', { type: 'query', data: 'limit' })).resolves.toBe(20);
    const error = await rejection(limit.transform('500', { type: 'query', data: 'limit' }));
    expect(error.message).toMatch(/^limit: Too big/);
    expect(error.details).toEqual([{ path: 'limit', message: expect.any(String) }]);
  });
  it('supports async refinements', async () => {
    const taken = new http_kit_1.ZodValidationPipe(
      zod_1.z.string().refine(async (name) => Promise.resolve(name !== 'taken'), 'name is taken'),
    );
    await expect(taken.transform('free', body)).resolves.toBe('free');
    expect((await rejection(taken.transform('taken', body))).message).toBe('name is taken');
  });
});
//# sourceMappingURL=zod-validation.pipe.spec.js.map
