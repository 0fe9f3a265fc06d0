/**
 * Loads a report section now and, while the meeting runs, again every `everyMs`. The
 * meeting page redraws itself after every action, so instead of a cleanup hook the poll ends
 * by itself once its section has left the document.
 */
export function pollReport(section: HTMLElement, live: boolean, load: () => Promise<void>, everyMs = 10_000): void {
  let busy = false;
  const run = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      await load();
    } finally {
      busy = false;
    }
  };
  void run();
  if (!live) return;
  const timer = setInterval(() => {
    if (!section.isConnected) clearInterval(timer);
    else void run();
  }, everyMs);
}
