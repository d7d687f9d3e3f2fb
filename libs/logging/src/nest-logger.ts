import { type LogSettings } from '@app/config';
import { Logger as PinoNestLogger, PinoLogger } from 'nestjs-pino';
import { type Logger } from 'pino';
import { processLogger } from './root-logger';

/**
 * Nest's own start-up lines — one per module, controller and route, and "starting" /
 * "started" — written at debug rather than info: at info a start says what the app serves
 * (runService's line) and nothing of its wiring.
 */
export const NEST_STARTUP_CONTEXTS: ReadonlySet<string> = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
  'NestMicroservice',
]);

/** True for a `log` call whose context (Nest passes it last) is one of Nest's start-up lines. */
export function isNestStartupLine(optionalParams: unknown[]): boolean {
  const context = optionalParams[optionalParams.length - 1];
  return typeof context === 'string' && NEST_STARTUP_CONTEXTS.has(context);
}

/**
 * Nest's LoggerService over pino (nestjs-pino): every `new Logger(context)` of the apps and libs
 * writes through it, with `context` as a field; an object as the message becomes fields, an
 * Error becomes `err`.
 */
export class HookstreamLogger extends PinoNestLogger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    if (isNestStartupLine(optionalParams)) super.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}

/**
 * The LoggerService for `NestFactory.create(…, { logger })`: given at creation, Nest logs
 * through it from the first line on (no buffer that a failed start would never print).
 */
export function nestLogger(settings: LogSettings): HookstreamLogger {
  return nestLoggerOver(processLogger(settings));
}

/**
 * The LoggerService over a given pino logger. (nestjs-pino keeps the first one it is given for
 * lines outside a request: one per process.)
 */
export function nestLoggerOver(logger: Logger): HookstreamLogger {
  const pinoHttp = { logger };
  return new HookstreamLogger(new PinoLogger({ pinoHttp }), { pinoHttp });
}
