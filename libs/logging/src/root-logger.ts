import { hostname } from 'node:os';
import { type LogSettings } from '@app/config';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { REDACTED, REDACTED_PATHS, scrubCredentials } from './redaction';

/**
 * pino's options for the one logger of an app: ISO times, the app's name on every line,
 * credentials redacted by path and scrubbed by pattern, errors under `err` with their stack.
 * JSON lines carry the level as its name (`"level":"warn"`), which log stores index as is.
 */
export function loggerOptions(settings: LogSettings): LoggerOptions {
  return {
    level: settings.level,
    base: { service: settings.service, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    serializers: { err: pino.stdSerializers.err },
    hooks: { streamWrite: scrubCredentials },
    ...(settings.format === 'json' ? { formatters: { level: (label) => ({ level: label }) } } : {}),
  };
}

/**
 * Where lines go: stdout, written synchronously so that the line saying why a start failed is
 * out before the process exits. `pretty` formats them for a terminal.
 */
function destinationFor(settings: LogSettings): DestinationStream {
  if (settings.format === 'json') return pino.destination({ dest: 1, sync: true });
  return pretty({
    destination: 1,
    sync: true,
    colorize: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
    errorLikeObjectKeys: ['err'],
  });
}

/** A logger with these settings writing to `destination` (stdout unless given). */
export function createRootLogger(settings: LogSettings, destination?: DestinationStream): Logger {
  return pino(loggerOptions(settings), destination ?? destinationFor(settings));
}

const processLoggers = new Map<string, Logger>();

/** The process's logger for these settings, made once: Nest's logs and the access log share it. */
export function processLogger(settings: LogSettings): Logger {
  const key = `${settings.format}:${settings.level}:${settings.service}`;
  let logger = processLoggers.get(key);
  if (!logger) {
    logger = createRootLogger(settings);
    processLoggers.set(key, logger);
  }
  return logger;
}
