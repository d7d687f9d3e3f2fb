import {
  MAX_DRAINED_BODY_BYTES,
  MAX_RESPONSE_BODY_BYTES,
  readCapped,
} from './webhook-sender.service';

/** A body of `chunks` chunks of `size` bytes ('a', 'b', …), noting whether it was left early. */
function body(chunks: number, size: number) {
  const state = { read: 0, closedEarly: false };
  async function* generate(): AsyncGenerator<Buffer> {
    let index = 0;
    try {
      for (; index < chunks; index += 1) {
        state.read += 1;
        await Promise.resolve(); // a chunk arrives later, as from a socket
        yield Buffer.alloc(size, String.fromCharCode(97 + (index % 26)));
      }
    } finally {
      state.closedEarly = index < chunks;
    }
  }
  return { stream: generate(), state };
}

describe('readCapped', () => {
  it('keeps the first bytes of a short body and reads it to its end', async () => {
    const { stream, state } = body(3, 100);
    const result = await readCapped(stream, 150, 1_000);
    expect(result).toEqual({ text: 'a'.repeat(100) + 'b'.repeat(50), cut: false });
    expect(state).toEqual({ read: 3, closedEarly: false });
  });

  it('reads an ordinary larger answer to its end, so its connection can serve again', async () => {
    const { stream, state } = body(8, 4 * 1024);
    const result = await readCapped(stream, MAX_RESPONSE_BODY_BYTES, MAX_DRAINED_BODY_BYTES);
    expect(result.cut).toBe(false);
    expect(result.text).toBe('a'.repeat(MAX_RESPONSE_BODY_BYTES));
    expect(state.closedEarly).toBe(false);
  });

  it('cuts a body that goes on past the drain limit, and stops reading it at once', async () => {
    const { stream, state } = body(1_000_000, 16 * 1024);
    const result = await readCapped(stream, MAX_RESPONSE_BODY_BYTES, MAX_DRAINED_BODY_BYTES);
    expect(result).toEqual({ text: 'a'.repeat(MAX_RESPONSE_BODY_BYTES), cut: true });
    expect(state).toEqual({ read: MAX_DRAINED_BODY_BYTES / (16 * 1024), closedEarly: true });
  });
});
