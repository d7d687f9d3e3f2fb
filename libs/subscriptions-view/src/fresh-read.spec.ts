import { FreshRead } from './fresh-read';

function controlledReads() {
  const reads: Array<{ resolve: (value: number) => void; reject: (error: Error) => void }> = [];
  const read = () =>
    new Promise<number>((resolve, reject) => {
      reads.push({ resolve, reject });
    });
  return { reads, read };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('FreshRead', () => {
  it('gives callers during a read the next read, shared, never the one already under way', async () => {
    const { reads, read } = controlledReads();
    const fresh = new FreshRead(read);

    const first = fresh.get();
    const second = fresh.get();
    const third = fresh.get();
    expect(reads).toHaveLength(1);

    reads[0]!.resolve(1);
    await expect(first).resolves.toBe(1);
    await flush();
    expect(reads).toHaveLength(2);

    reads[1]!.resolve(2);
    await expect(second).resolves.toBe(2);
    await expect(third).resolves.toBe(2);
  });

  it('starts a new read for a caller once nothing is in flight', async () => {
    const { reads, read } = controlledReads();
    const fresh = new FreshRead(read);
    const first = fresh.get();
    reads[0]!.resolve(1);
    await first;

    const later = fresh.get();
    expect(reads).toHaveLength(2);
    reads[1]!.resolve(5);
    await expect(later).resolves.toBe(5);
  });

  it('rejects only the callers of a failed read; the waiting ones get the next', async () => {
    const { reads, read } = controlledReads();
    const fresh = new FreshRead(read);
    const failing = fresh.get();
    const waiting = fresh.get();

    reads[0]!.reject(new Error('broker away'));
    await expect(failing).rejects.toThrow('broker away');
    await flush();
    reads[1]!.resolve(3);
    await expect(waiting).resolves.toBe(3);
  });
});
