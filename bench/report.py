"""docs/BENCHMARKS.md and the growth plot from the JSON results in bench/results/.

The findings (profiles, causes, what was done) are written by hand in bench/FINDINGS.md
and copied into the report, so that regenerating the figures never loses them.
"""
import glob
import json
import math
import os

from PIL import Image, ImageDraw, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
ORDER = ["intake_inprocess", "intake_rpc", "intake_rpc_at_once", "lookup_id", "lookup_phone", "lookup_intake",
         "case_list", "case_at_risk", "case_kanban", "dashboard", "kpi_pivot", "kpi_pivot_rows_web",
         "kpi_pivot_rows", "kpi_pivot_rows_all",
         "status_rate", "status_p99", "excel_time", "excel_memory", "public_rebuild",
         "public_catalogue_rate", "public_catalogue_p99", "public_service_rate", "public_service_p99",
         "public_performance_rate", "public_performance_p99", "public_data_rate", "public_data_p99",
         "sessions_50_answered", "sessions_50_p95", "sessions_50_rate",
         "sessions_100_answered", "sessions_100_p95", "sessions_100_rate", "database_growth",
         "coldload_built_step", "coldload_built_page", "coldload_built_client", "coldload_built_pdf",
         "coldload_deploy_page", "coldload_deploy_client", "coldload_restart_client", "coldload_warm_client",
         "coldload_pdf_first", "coldload_pdf_next"]
NUMBER = {"intake_inprocess": 1, "intake_rpc": 1, "intake_rpc_at_once": 1,
          "lookup_id": 3, "lookup_phone": 3, "lookup_intake": 3,
          "case_list": 4, "case_at_risk": 4, "case_kanban": 4, "dashboard": 5, "kpi_pivot": 5,
          "kpi_pivot_rows": 5, "kpi_pivot_rows_web": 5, "kpi_pivot_rows_all": 5, "status_rate": 6,
          "status_p99": 6, "excel_time": 7, "excel_memory": 7}
NUMBER.update({key: 8 for key in ORDER if key.startswith("public_")})
NUMBER.update({key: 9 for key in ORDER if key.startswith("sessions_")}, database_growth=10)
NUMBER.update({key: 11 for key in ORDER if key.startswith("coldload_")})
GROWTH = [("case_list", "case list", (31, 119, 180)), ("case_kanban", "case kanban", (44, 160, 44)),
          ("dashboard", "dashboard", (214, 39, 40)), ("kpi_pivot", "KPI pivot", (148, 103, 189))]


def _requests(run):
    """The generated number of requests (the size), else the rows counted."""
    return run["data"].get("requests") or _requests(run)


def _load(results):
    ours = []
    for path in sorted(glob.glob(os.path.join(results, "ours-*.json"))):
        with open(path) as stream:
            ours.append(json.load(stream))
    ours.sort(key=_requests)
    peer = None
    if os.path.exists(os.path.join(results, "peer.json")):
        with open(os.path.join(results, "peer.json")) as stream:
            peer = json.load(stream)
    return ours, peer


def _fmt(value, unit):
    if unit in ("req/s",):
        return "%.1f" % value
    if unit == "x":
        return "%.2f" % value
    if unit == "s":
        return "%.2f s" % value
    if unit == "MB":
        return "%.0f MB" % value
    if unit == "%":
        return "%.0f %%" % value
    if unit == "kB":
        return "%.1f kB" % value
    return "%.1f ms" % value if value < 100 else "%.0f ms" % value


def _goal(fig):
    if fig.get("goal") is None:
        return "-"
    sign = "<=" if fig.get("goal_kind") == "max" else ">="
    return "%s %s" % (sign, _fmt(fig["goal"], fig["unit"]))


def _size(run):
    data = run["data"]
    return "%s persons, %s requests, %s cases" % tuple(
        "{:,}".format(data.get(k, 0)) for k in ("rows_res_partner", "rows_oss_request", "rows_citizen_case"))


def _machine(m):
    return "%s, %s cores (nproc), %s GB RAM, Python %s, load average %s at start" % (
        m["cpu"], m["nproc"], m["memory_gb"], m["python"], " / ".join(str(x) for x in m["loadavg"]))


def plot(ours, path):
    """Log-log plot: a slope of 1 means cost proportional to the data, 0 means constant."""
    points = {key: [(_requests(r), r["figures"][key]["median"]) for r in ours
                    if key in r["figures"]] for key, _l, _c in GROWTH}
    points = {k: v for k, v in points.items() if v}
    width, height, left, right, top, bottom = 900, 500, 80, 230, 40, 60
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default()
    draw.text((left, 12), "Median latency (ms, log scale) against the number of requests (log scale)",
              fill="black", font=font)
    xs = [x for v in points.values() for x, _y in v] or [10000, 1000000]
    ys = [y for v in points.values() for _x, y in v]
    x_lo, x_hi = math.log10(min(min(xs), 10000)), math.log10(max(max(xs), 1000000))
    y_lo, y_hi = math.floor(math.log10(max(min(ys or [1]), 0.1))), math.ceil(math.log10(max(ys or [1000])))
    plot_w, plot_h = width - left - right, height - top - bottom

    def px(x, y):
        return (left + (math.log10(x) - x_lo) / ((x_hi - x_lo) or 1) * plot_w,
                top + plot_h - (math.log10(max(y, 10 ** y_lo)) - y_lo) / ((y_hi - y_lo) or 1) * plot_h)

    draw.rectangle([left, top, left + plot_w, top + plot_h], outline="black")
    for exponent in range(int(math.ceil(x_lo)), int(math.floor(x_hi)) + 1):
        x, _y = px(10 ** exponent, 10 ** y_lo)
        draw.line([x, top, x, top + plot_h], fill=(220, 220, 220))
        draw.text((x - 15, top + plot_h + 8), "{:,}".format(10 ** exponent), fill="black", font=font)
    for exponent in range(y_lo, y_hi + 1):
        _x, y = px(10 ** x_lo, 10 ** exponent)
        draw.line([left, y, left + plot_w, y], fill=(220, 220, 220))
        draw.text((10, y - 6), "{:,} ms".format(10 ** exponent) if exponent >= 0 else "%g ms" % 10 ** exponent,
                  fill="black", font=font)
    _x, goal_y = px(10 ** x_lo, 300)
    for x in range(left, left + plot_w, 12):
        draw.line([x, goal_y, x + 6, goal_y], fill=(120, 120, 120), width=1)
    draw.text((left + 4, goal_y - 14), "goal 300 ms", fill=(90, 90, 90), font=font)
    draw.text((left + plot_w / 2 - 60, height - 25), "requests (log scale)", fill="black", font=font)
    legend = 0
    for key, label, color in GROWTH:
        series = points.get(key)
        if not series:
            continue
        coords = [px(x, y) for x, y in series]
        if len(coords) > 1:
            draw.line(coords, fill=color, width=3)
        for x, y in coords:
            draw.ellipse([x - 4, y - 4, x + 4, y + 4], fill=color)
        ly = top + 10 + 20 * legend
        legend += 1
        draw.line([left + plot_w + 15, ly + 6, left + plot_w + 40, ly + 6], fill=color, width=3)
        draw.text((left + plot_w + 45, ly), label, fill="black", font=font)
    image.save(path)


def _trend(ours):
    if len(ours) < 2:
        return "Only one size has been measured so far, so there is no trend to read yet."
    first, last = ours[0], ours[-1]
    factor = _requests(last) / max(_requests(first), 1)
    parts = []
    for key, label, _c in GROWTH:
        if key in first["figures"] and key in last["figures"]:
            ratio = last["figures"][key]["median"] / max(first["figures"][key]["median"], 0.01)
            parts.append("%s x%.1f" % (label, ratio))
    return ("From {:,} to {:,} requests (x{:.0f}) the medians grew: ".format(
        _requests(first), _requests(last), factor)
        + ", ".join(parts) + ". On the log-log plot a slope of 1 is cost proportional to the data. "
        "A factor near 1 means the screen's cost does not depend on the "
        "size of the database (indexed access to one page); a factor near the data growth means "
        "the screen scans everything.")


def _calls(ours, peer):
    """The section on the JSON-RPC intake call by call, beside the peer's ticket."""
    run = next((r for r in reversed(ours) if "intake_rpc_calls" in r["figures"]), None)
    if not run:
        return []
    fig = run["figures"]["intake_rpc_calls"]
    theirs = (peer or {}).get("figures", {}).get("peer_rpc_calls")
    stamp = fig.get("measured") or {"date": run["machine"]["date"]}
    lines = ["## The JSON-RPC intake call by call", "",
             "Where the time of the JSON-RPC figure goes: one logged-in user makes %d intakes (and the peer "
             "%d tickets) one after the other, on a server that logs every SQL statement, which adds to "
             "each; the log gives each answered call's statements and its time in the server, from the "
             "first statement to the answer (medians; %s requests, measured %s)." % (
                 fig["n"], theirs["n"] if theirs else 0, "{:,}".format(_requests(run)), stamp["date"]), "",
             "| who | call | SQL statements | time in the server |", "|---|---|---|---|"]
    for who, figure in (("ours", fig), ("helpdesk_mgmt", theirs)):
        if not figure:
            continue
        for row in figure["calls"]:
            lines.append("| %s | %s (`%s`) | %d | %.1f ms |" % (
                who, row["name"], row["path"], row["queries"], row["ms"]))
        lines.append("| %s | **in all** | **%d** | **%.1f ms** |" % (who, figure["queries_median"], figure["median"]))
    if theirs:
        lines += ["", "Per intake against per ticket: %.1f times the statements and %.1f times the time in the "
                  "server." % (fig["queries_median"] / float(theirs["queries_median"] or 1),
                               fig["median"] / (theirs["median"] or 1))]
    return lines + [""]


def write(results, out, plot_path):
    ours, peer = _load(results)
    lines = ["# Benchmarks", "",
             "Generated by `make bench` (bench/bench.py report) from the JSON files in `bench/results/`; "
             "the findings at the end come from `bench/FINDINGS.md`. Reproduce with "
             "`make data SIZE=small|medium|large && make bench` (sizes: small 10,000 requests, "
             "medium 100,000, large 1,000,000). Each size's figures go to their own results file "
             "(`bench/results/ours-<requests>.json`): `make bench` after the `make data` of each size "
             "gives the growth points, on one database topped up from small to large or on one "
             "database per size (`GOV_BENCH_DB`, see bench/README.md).", "",
             "Every figure is the median and the 90th percentile (nearest rank) of the runs listed: "
             "in-process figures time one call at a time after warm-up calls, inside a transaction "
             "that is rolled back, as the user who does the job (front desk, officer, manager), so "
             "record rules apply; load tests are runs of 10 s each against `--workers=2 "
             "--max-cron-threads=1` on loopback (scheduled jobs postponed during the measurement).", ""]
    lines += ["## Machine and runs", ""]
    for run in ours:
        lines += ["* **{:,} requests** ({}): {}; measured {}; command `{}`".format(
            _requests(run), _size(run), _machine(run["machine"]), run["machine"]["date"],
            run["command"].replace(os.path.dirname(HERE) + "/", ""))]
    if peer:
        lines += ["* **peer** (helpdesk_mgmt 11.0.1.12.0, database `%s`): %s; measured %s; command `%s`" % (
            peer["database"], _machine(peer["machine"]), peer["machine"]["date"],
            peer["command"].replace(os.path.dirname(HERE) + "/", ""))]
    lines += ["", "The machine is shared: the load average at the start of each run is given above. "
              "With a load average above the number of cores, absolute times are inflated (often 2-3x); "
              "ratios measured in the same session (ours ÷ peer) are more robust than absolute values.", ""]
    lines += ["## Figures", "", "Numbers in the first column group the figures (1 intake, 3 lookups, 4 "
              "officer's screens, 5 dashboard and pivot, 6 status page, 7 Excel report, 8 public pages and "
              "open data, 9 parallel front-desk sessions against the product's own sizing of 2 x cores + 1 "
              "workers, 10 what the database grows by per intake, 11 the first loads of the web client and of "
              "a receipt in Chromium; 2, the peer, has its own section). "
              "*Measured* gives the time (UTC) and the 1-minute load average when the figure was taken.", "",
              "| # | figure | size (requests) | median | p90 | runs | goal | met | measured |",
              "|---|---|---|---|---|---|---|---|---|"]
    for key in ORDER:
        n = NUMBER[key]
        for run in ours:
            fig = run["figures"].get(key)
            if not fig:
                continue
            extra = " (%d SQL queries, median)" % fig["queries_median"] if "queries_median" in fig else ""
            met = "-" if "met" not in fig else ("yes" if fig["met"] else "**no**")
            stamp = fig.get("measured") or {"date": run["machine"]["date"], "loadavg": run["machine"]["loadavg"]}
            lines.append("| %d | %s%s | {:,} | %s | %s | %d | %s | %s | %s, load %.1f |".format(_requests(run)) % (
                n, fig["label"], extra, _fmt(fig["median"], fig["unit"]), _fmt(fig["p90"], fig["unit"]),
                fig["n"], _goal(fig), met, stamp["date"].split(" ", 1)[1], stamp["loadavg"][0]))
    missing = [key for key in ORDER if not any(key in run["figures"] for run in ours)]
    if missing:
        lines += ["", "Not measured yet: %s." % ", ".join(missing)]
    lines += ["", "## Side by side with OCA helpdesk_mgmt 11.0", ""]
    if peer and ours:
        pf = peer["figures"]
        rows = ["| measure | our size (requests) | ours: request intake | helpdesk_mgmt: ticket "
                "| ours ÷ theirs per record | goal |",
                "|---|---|---|---|---|---|"]
        for run in ours:
            size = "{:,}".format(_requests(run))
            of = run["figures"]
            if "intake_inprocess" in of and "peer_inprocess" in pf:
                mine, theirs = of["intake_inprocess"], pf["peer_inprocess"]
                rows.append("| in-process time per record (median) | %s | %.1f ms | %.1f ms | %.2f | <= 1 |" % (
                    size, mine["median"], theirs["median"], mine["median"] / theirs["median"]))
                rows.append("| SQL queries per record (median) | %s | %d | %d | %.2f | <= 1 |" % (
                    size, mine["queries_median"], theirs["queries_median"],
                    mine["queries_median"] / float(theirs["queries_median"])))
                if mine.get("records"):
                    n = sum(mine["records"].values())
                    rows.append("| in-process time per business record created (median ÷ %d records) | %s | "
                                "%.1f ms | %.1f ms | %.2f | - |" % (n, size, mine["median"] / n, theirs["median"],
                                                                    mine["median"] / n / theirs["median"]))
            if "intake_rpc" in of and "peer_rpc" in pf:
                o, t = of["intake_rpc"]["median"], pf["peer_rpc"]["median"]
                rows.append("| JSON-RPC records/s, 2 workers, 4 clients (median), each side run alone | %s | "
                            "%.1f | %.1f | %.2f (time per record) | <= 1 |"
                            % (size, o, t, t / o if o else float("inf")))
            if "intake_rpc_at_once" in of:
                at_once = of["intake_rpc_at_once"]
                mine = sorted(run["ours_ms"] for run in at_once["runs"])
                theirs = sorted(run["peer_ms"] for run in at_once["runs"])
                rows.append("| JSON-RPC, both sides at the same time (2 workers and 4 clients each): processor time "
                            "per record, Odoo's processes and the database's backends (median of %d runs) | %s | "
                            "%.1f ms | %.1f ms | %.2f (median of the runs' ratios) | <= 1 |" % (
                                len(mine), size, mine[len(mine) // 2], theirs[len(theirs) // 2], at_once["median"]))
        records = next((run["figures"]["intake_inprocess"].get("records") for run in reversed(ours)
                        if "intake_inprocess" in run["figures"]), None)
        made = (" An intake creates %s business records (%s); a ticket is one." % (
            sum(records.values()), ", ".join("%s %d" % (k, v) for k, v in sorted(records.items())))
            if records else "")
        lines += rows + ["", "What one record is: ours = find the person by national ID, create the request "
                         "with its documents ticked, submit it (tracking number, legal clock, three routing "
                         "steps, the first department case with its SLA clock and officer, the PDPA basis, "
                         "the audit log, the note of the submission and the job of the applicant's "
                         "acknowledgement, which is sent after the answer); theirs = create a ticket with a "
                         "partner, a "
                         "team and a description. Reference for the peer measured earlier on this kind of "
                         "machine: 40 ms median and 74 SQL queries in-process, 38-44 tickets/s over JSON-RPC. "
                         "The peer's database holds its demo data only (a few dozen partners); ours grows "
                         "to 5,000,000 persons, which matters for the e-mail step (see finding 1)." + made
                         + " The goal is read per intake against per ticket (the rows marked <= 1); the row "
                         "per business record divides our intake by the records it creates and is given "
                         "for comparison only.", ""]
    else:
        lines += ["The peer has not been measured yet (`make bench` runs bench/peer.sh then `bench.py peer`).", ""]
    lines += _calls(ours, peer)
    lines += ["## How cost grows", "", "![latency against the number of requests](%s)" % os.path.basename(plot_path),
              "", _trend(ours), ""]
    findings = os.path.join(HERE, "FINDINGS.md")
    if os.path.exists(findings):
        with open(findings) as stream:
            lines += [stream.read().strip(), ""]
    plot(ours, plot_path)
    with open(out, "w") as stream:
        stream.write("\n".join(lines))
