/**
 * Polls `probe` until it returns a truthy value, and returns that value; throws after
 * `timeoutMs` with the last value or error. The first polls come quickly (10 ms, doubling up to
 * 250 ms), so a condition that is nearly met costs little and a long wait does not spin.
 * Tests wait on conditions like this one, never for a fixed time.
 */
export async function eventually<T>(probe: () => Promise<T> | T, timeoutMs = 20_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (let interval = 10; ; interval = Math.min(interval * 2, 250)) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
