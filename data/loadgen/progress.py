"""A small progress bar for the load generator and the benchmarks (no dependency)."""
import sys
import time


class Progress:
    """``with Progress("persons", total) as bar: bar.update(n)``; prints rate and ETA on stderr."""

    def __init__(self, label, total, stream=None, width=30):
        self.label, self.total, self.width = label, max(int(total), 1), width
        self.stream = stream or sys.stderr
        self.done = 0
        self.start = time.time()
        self._last = 0.0
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def __enter__(self):
        self._draw(force=True)
        return self

    def __exit__(self, *exc):
        self._draw(force=True)
        if self.tty:
            self.stream.write("\n")
        self.stream.flush()

    def update(self, count=1):
        self.done += count
        self._draw()

    def _draw(self, force=False):
        now = time.time()
        # a terminal gets 10 redraws a second; a log file one line every 5 s
        if not force and now - self._last < (0.1 if self.tty else 5.0):
            return
        self._last = now
        elapsed = now - self.start
        share = min(self.done / self.total, 1.0)
        rate = self.done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.done) / rate if rate > 0 else 0.0
        filled = int(share * self.width)
        line = "%-12s [%s%s] %5.1f%% %d/%d  %.0f/s  %.0fs elapsed  ETA %.0fs" % (
            self.label, "#" * filled, "." * (self.width - filled), 100 * share,
            self.done, self.total, rate, elapsed, eta)
        self.stream.write(("\r" + line) if self.tty else (line + "\n"))
        self.stream.flush()
