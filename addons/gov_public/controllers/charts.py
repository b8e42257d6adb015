"""Server-rendered SVG charts of the on-time rate: no script, no library, no CDN.

A point is drawn for each month whose rate is published; a withheld ("<5") or empty month
leaves a gap in the line.
"""
from xml.sax.saxutils import escape, quoteattr

from ..models.gov_public_cells import month_label


def _points(series):
    """[(index, rate)] of the months whose rate is a number."""
    return [(index, rate) for index, (_month, rate) in enumerate(series) if isinstance(rate, (int, float))]


def _segments(points):
    """Runs of consecutive months, each drawn as one polyline."""
    runs, current = [], []
    for index, rate in points:
        if current and index != current[-1][0] + 1:
            runs.append(current)
            current = []
        current.append((index, rate))
    if current:
        runs.append(current)
    return runs


def line_chart(series, lang, label, width=760, height=260):
    """An SVG line chart of ``series`` [(month, rate or None or '<5')] from 0 to 100%."""
    left, right, top, bottom = 48, 40, 12, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    count = max(len(series), 1)
    step = plot_w / max(count - 1, 1)

    def x(index):
        return left + (index * step if count > 1 else plot_w / 2)

    def y(rate):
        return top + plot_h * (1 - rate / 100.0)

    parts = ['<svg xmlns="http://www.w3.org/2000/svg" class="gp-chart" role="img" viewBox="0 0 %d %d" '
             'aria-label=%s>' % (width, height, quoteattr(label))]
    for tick in (0, 25, 50, 75, 100):
        parts.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#e1e6ec"/>' % (
            left, width - right, y(tick), y(tick)))
        parts.append('<text x="%d" y="%.1f" font-size="11" text-anchor="end" fill="#5b6675">%d%%</text>' % (
            left - 6, y(tick) + 4, tick))
    every = max(1, (count + 11) // 12)
    for index, (month, _rate) in enumerate(series):
        if index % every == 0 or index == count - 1:
            parts.append('<text x="%.1f" y="%d" font-size="11" text-anchor="middle" fill="#5b6675">%s</text>' % (
                x(index), height - bottom + 18, escape(month_label(month, lang))))
    for run in _segments(_points(series)):
        coords = " ".join("%.1f,%.1f" % (x(index), y(rate)) for index, rate in run)
        parts.append('<polyline fill="none" stroke="#1f5fa8" stroke-width="2.5" points="%s"/>' % coords)
    for index, rate in _points(series):
        parts.append('<circle cx="%.1f" cy="%.1f" r="4" fill="#1f5fa8"><title>%s: %.1f%%</title></circle>' % (
            x(index), y(rate), escape(month_label(series[index][0], lang)), rate))
    parts.append("</svg>")
    return "".join(parts)


def sparkline(series, label, width=120, height=30):
    """A small line of ``series`` without axes, for a table row."""
    count = max(len(series), 1)
    step = (width - 4) / max(count - 1, 1)
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" '
             'aria-label=%s>' % (width, height, width, height, quoteattr(label))]
    parts.append('<line x1="2" x2="%d" y1="2" y2="2" stroke="#e1e6ec"/>' % (width - 2))
    for run in _segments(_points(series)):
        coords = " ".join("%.1f,%.1f" % (2 + index * step, 2 + (height - 4) * (1 - rate / 100.0))
                          for index, rate in run)
        parts.append('<polyline fill="none" stroke="#1f5fa8" stroke-width="1.5" points="%s"/>' % coords)
        if len(run) == 1:
            index, rate = run[0]
            parts.append('<circle cx="%.1f" cy="%.1f" r="2" fill="#1f5fa8"/>' % (
                2 + index * step, 2 + (height - 4) * (1 - rate / 100.0)))
    parts.append("</svg>")
    return "".join(parts)
