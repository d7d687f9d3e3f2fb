'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.encryptionKey =
  exports.databaseUrl =
  exports.kafkaBrokers =
  exports.booleanFlag =
  exports.positiveInt =
  exports.port =
  exports.durationListMs =
  exports.durationMs =
    void 0;
const zod_1 = require('zod');
const duration_1 = require('./duration');
const durationMs = (fallback) =>
  zod_1.z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = (0, duration_1.parseDuration)(text);
      if (ms === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `"${text}" is not a duration like 500ms, 5s, 2m, 1h`,
        });
        return zod_1.z.NEVER;
      }
      return ms;
    });
exports.durationMs = durationMs;
const durationListMs = (fallback) =>
  zod_1.z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const parts = text.split(',').map((part) => part.trim());
      const durations = parts.map(duration_1.parseDuration);
      const bad = parts.filter((_, index) => durations[index] === undefined);
      if (bad.length > 0 || parts.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a comma-separated list of durations like 5s,5m,1h; bad entries: ${bad.join(', ') || '(empty)'}`,
        });
        return zod_1.z.NEVER;
      }
      return durations;
    });
exports.durationListMs = durationListMs;
const port = (fallback) => zod_1.z.coerce.number().int().min(0).max(65_535).default(fallback);
exports.port = port;
const positiveInt = (fallback) => zod_1.z.coerce.number().int().positive().default(fallback);
exports.positiveInt = positiveInt;
const booleanFlag = (fallback) =>
  zod_1.z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');
exports.booleanFlag = booleanFlag;
exports.kafkaBrokers = zod_1.z
  .string()
  .default('127.0.0.1:9092')
  .transform((text) => text.split(',').map((broker) => broker.trim()))
  .pipe(
    zod_1.z.array(zod_1.z.string().regex(/^[^\s:]+:\d+$/, 'each broker must be host:port')).min(1),
  );
exports.databaseUrl = zod_1.z
  .string()
  .default('postgres://postgres@127.0.0.1:5432/hookstream')
  .pipe(zod_1.z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }));
exports.encryptionKey = zod_1.z
  .string()
  .refine((text) => Buffer.from(text, 'base64').length === 32, 'must be base64 of 32 random bytes');
//# sourceMappingURL=env-schemas.js.map
