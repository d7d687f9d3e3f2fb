import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@app/config';
import { type AttemptOutcome } from '@app/contract';
import { performance } from 'node:perf_hooks';
import { createGuardedLookup, UrlNotAllowedError, UrlPolicy } from '@app/url-policy';
import { Agent, request } from 'undici';
import { type DeliveryConfig } from '../delivery.config';

/** At most this much of a response body is kept (the attempt log's excerpt). */
export const MAX_RESPONSE_BODY_BYTES = 4 * 1024;
/**
 * A body is read (and dropped past MAX_RESPONSE_BODY_BYTES) up to this size, so that the
 * connection of an ordinary larger answer can be used again; a longer one — a receiver
 * streaming without end — is cut there and its connection closed.
 */
export const MAX_DRAINED_BODY_BYTES = 64 * 1024;

export interface SendResult {
  outcome: AttemptOutcome;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
  retryAfter?: string;
  /** The body went on past MAX_DRAINED_BODY_BYTES and was cut (the receiver misbehaves). */
  bodyCut?: boolean;
}

/** One HTTP POST to a receiver, bounded as a whole by DELIVERY_TIMEOUT. */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly agent: Agent;
  private readonly timeoutMs: number;
  private readonly urlPolicy: UrlPolicy;

  constructor(@Inject(APP_CONFIG) config: DeliveryConfig) {
    this.timeoutMs = config.timeoutMs;
    this.urlPolicy = new UrlPolicy(config.urlPolicy);
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      // As many connections to one origin as attempts may run at once: many webhooks share a
      // host (a platform's customers behind one gateway), and a fixed pool would let the
      // hanging ones hold every connection while the healthy ones queue behind them.
      // DELIVERY_MAX_IN_FLIGHT(_PER_WEBHOOK) bound the attempts themselves; attempts that run
      // long enough to make their webhook slow are set aside, up to as many again, so twice
      // that (ADR 0026).
      connections: 2 * config.concurrency.maxInFlight,
      // Every address dialled is vetted at connect time, so a name re-pointed at a private
      // address after the webhook was created (DNS rebinding) is refused.
      connect: { timeout: config.timeoutMs, lookup: createGuardedLookup(this.urlPolicy) },
      headersTimeout: config.timeoutMs,
      bodyTimeout: config.timeoutMs,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }

  async send(url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
    const started = performance.now();
    // One deadline for connect, headers and body: a receiver trickling bytes cannot hold on.
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const elapsed = () => Math.round(performance.now() - started);
    try {
      // IP-literal URLs never reach the lookup above: check them (and the scheme) here.
      this.urlPolicy.assertDeliverable(url);
      // undici's request() never follows redirects: a 3xx is the receiver's answer.
      const response = await request(url, {
        method: 'POST',
        headers,
        body,
        dispatcher: this.agent,
        signal: deadline,
      });
      const { text: responseBody, cut } = await readCapped(
        response.body,
        MAX_RESPONSE_BODY_BYTES,
        MAX_DRAINED_BODY_BYTES,
      );
      const statusCode = response.statusCode;
      const retryAfter = response.headers['retry-after'];
      return {
        outcome: statusCode >= 200 && statusCode < 300 ? 'success' : 'failure',
        statusCode,
        durationMs: elapsed(),
        error: statusCode >= 200 && statusCode < 300 ? null : `HTTP ${statusCode}`,
        responseBody,
        retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
        ...(cut ? { bodyCut: true } : {}),
      };
    } catch (error) {
      if (error instanceof UrlNotAllowedError) {
        return {
          outcome: 'error',
          statusCode: null,
          durationMs: elapsed(),
          error: `${error.code}: ${error.message}`,
          responseBody: null,
        };
      }
      if (deadline.aborted) {
        return {
          outcome: 'timeout',
          statusCode: null,
          durationMs: elapsed(),
          error: `timed out after ${this.timeoutMs} ms`,
          responseBody: null,
        };
      }
      return {
        outcome: 'error',
        statusCode: null,
        durationMs: elapsed(),
        error: describeNetworkError(error),
        responseBody: null,
      };
    }
  }
}

/** The first `keep` bytes of a body, read to its end or cut once `drain` bytes came. */
export async function readCapped(
  body: AsyncIterable<Buffer>,
  keep: number,
  drain: number,
): Promise<{ text: string; cut: boolean }> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let read = 0;
  let cut = false;
  for await (const chunk of body) {
    if (kept < keep) {
      chunks.push(chunk);
      kept += chunk.length;
    }
    read += chunk.length;
    if (read >= drain) {
      cut = true;
      break; // leaving the loop destroys the stream and closes the socket
    }
  }
  return { text: Buffer.concat(chunks).subarray(0, keep).toString('utf8'), cut };
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as { code?: string } | undefined)?.code ?? (error as { code?: string }).code;
  const message = cause?.message ?? error.message;
  return code ? `${code}: ${message}` : message;
}
