/**
 * Loads a code chunk, trying again after a failed fetch: on a weak rural link one request now
 * and then never arrives, and a page or the notification socket must not stay broken for it.
 * Waits 0.5 s, 1 s, 2 s between the tries; the last failure is the caller's.
 */
export async function loadChunk<T>(load: () => Promise<T>, tries = 4, firstWaitMs = 500): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await load();
    } catch (err) {
      if (attempt >= tries) throw err;
      await new Promise((resolve) => setTimeout(resolve, firstWaitMs * 2 ** (attempt - 1)));
    }
  }
}
