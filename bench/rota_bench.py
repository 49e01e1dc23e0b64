"""The rota on the demo ward (80 staff, 5 units, 3 shift types): filling 4 empty weeks with the
solver through the service (time to the first fully covered rota and to the final one, on a quiet
machine and with a second process keeping one core busy), and printing 120 staff x 4 weeks.
Baselines of the same run:

- fill: a greedy pass over the same open slots (first eligible person not yet working that day),
  pure Python on the same data: what "fast but careless" costs, and how many hard rules it breaks;
- PDF: reportlab's canvas drawing the same number of strings on the same number of A4 pages, with no
  layout (the floor of any PDF of that size).
"""

from __future__ import annotations

import io
import random
import subprocess
import sys
import time
from datetime import date, timedelta

from continuity.core import rota as rules
from continuity.core.rota import Assignment, RotaData
from continuity.core.rota_greedy import greedy_cover
from continuity.core.rota_model import FillModel, FillRequest
from continuity.services import rota
from continuity.services.session import Session

from bench.common import NS_PER_MS, Comparison, Summary

FILL_WEEKS = 4
FILL_TIME_LIMIT_S = 25.0
TARGET_FILL_MS = 30_000.0
TARGET_COVERED_MS = 3_000.0  # a fully covered rota, quickly, even on a busy laptop (issue 9)
PDF_STAFF = 120
PDF_RUNS = 5
TARGET_PDF_MS = 1000.0


def greedy(data: RotaData) -> list[Assignment]:
    """First come, first served: for each day and requirement, the first eligible people free that day."""
    taken: set[tuple[str, date]] = {(a.staff, a.day) for a in data.assignments}
    out = []
    for day in data.period:
        for need in data.cover:
            count = sum(1 for a in data.assignments + out if a.day == day and a.unit == need.unit and a.shift == need.shift
                        and data.staff[a.staff].role == need.role)
            for member in data.staff.values():
                if count >= need.minimum:
                    break
                if (member.role != need.role or not member.active or (member.id, day) in taken
                        or data.absence_on(member.id, day) or (member.units and need.unit not in member.units)):
                    continue
                out.append(Assignment(member.id, day, need.shift, need.unit))
                taken.add((member.id, day))
                count += 1
    return out


def _next_monday(session: Session) -> date:
    today = session.store.now().date()
    return today + timedelta(days=7 - today.weekday())


class _OneCoreBusy:
    """A second process keeping one core busy, as a sync pass or a print does on a ward laptop."""

    def __enter__(self) -> _OneCoreBusy:
        self.loop = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        return self

    def __exit__(self, *_exc) -> None:
        self.loop.kill()
        self.loop.wait()


def _solve(problem: rota.FillProblem) -> dict:
    """One fill as the window runs it (wall-clock limit, stop once it stalls): when the first fully
    covered rota came, when the final one, and how good it is."""
    start = time.perf_counter()
    plan = rota.solve_fill(problem, time_limit_s=FILL_TIME_LIMIT_S)
    final_s = time.perf_counter() - start
    result = plan.result
    after = problem.data.with_assignments(result.assignments(problem.data.assignments))
    return {"status": result.status, "covered_s": None if result.covered_after is None else round(result.covered_after, 2),
            "final_s": round(final_s, 2), "objective": round(result.objective or 0, 1), "unmet": len(result.unmet),
            "hard_after": len(rules.hard_violations(after)), "added": len(result.added), "plan": plan}


def fill(session: Session) -> tuple[Comparison, dict]:
    first = _next_monday(session) + timedelta(days=28)  # weeks nobody has touched
    problem = rota.prepare_fill(session, first, FILL_WEEKS)
    data = problem.data
    start = time.perf_counter()
    careless = greedy(data)
    greedy_ns = round((time.perf_counter() - start) * 1e9)
    greedy_after = data.with_assignments(data.assignments + careless)
    greedy_hard = len(rules.hard_violations(greedy_after))
    greedy_short = sum(1 for line in rules.cover(greedy_after) if line.short)
    # The fill's own constructive start, alone (model built, then the pass): what a laptop too busy
    # to search at all would still get.
    start = time.perf_counter()
    built = FillModel(FillRequest(data))
    built.build()
    picks = greedy_cover(built)
    start_ns = round((time.perf_counter() - start) * 1e9)
    start_after = data.with_assignments(data.assignments + [Assignment(s, built.period[i], sh, u) for s, i, sh, u in picks])
    quiet = _solve(problem)
    with _OneCoreBusy():
        busy = _solve(problem)
    outcome = rota.apply_fill(session, quiet.pop("plan"))
    busy.pop("plan")
    solve_ns = round(quiet["final_s"] * 1e9)
    comparison = Comparison("rota: fill 4 weeks (solver)", Summary("rota.solve_fill, 80 staff x 4 weeks x 5 units", [solve_ns]),
                            Summary("greedy first-come pass over the same open slots (pure Python)", [greedy_ns]), TARGET_FILL_MS)
    covered_ok = all(run["covered_s"] is not None and run["covered_s"] * 1000 < TARGET_COVERED_MS and not run["hard_after"]
                     for run in (quiet, busy))
    detail = {
        "staff": len([m for m in data.staff.values() if m.active]), "units": len(data.units), "shift_types": len(data.shifts),
        "weeks": FILL_WEEKS, "status": outcome["status"], "added": len(outcome["added"]), "hard_after": quiet["hard_after"],
        "unmet": len(outcome["unmet"]), "greedy_added": len(careless), "greedy_hard": greedy_hard, "greedy_short": greedy_short,
        "greedy_ms": round(greedy_ns / NS_PER_MS, 1), "start_ms": round(start_ns / NS_PER_MS, 1), "start_added": len(picks),
        "start_hard": len(rules.hard_violations(start_after)),
        "quiet": quiet, "busy": busy, "solve_s": quiet["final_s"],
        "verdict": "PASS" if solve_ns / NS_PER_MS < TARGET_FILL_MS and not quiet["hard_after"] else "MISS",
        "covered_verdict": "PASS" if covered_ok else "MISS",
    }
    return comparison, detail


def _raw_pdf(pages: int, strings: int) -> int:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    start = time.perf_counter()
    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=landscape(A4))
    per_page = max(1, strings // pages)
    for _page in range(pages):
        for i in range(per_page):
            sheet.drawString(30 + (i % 9) * 85, 560 - (i // 9) % 50 * 11, "J")
        sheet.showPage()
    sheet.save()
    return round((time.perf_counter() - start) * 1e9)


def pdf(session: Session, rng: random.Random) -> tuple[Comparison, dict]:
    """Print 4 weeks with 120 people (40 added to the demo's 80, with their shifts)."""
    first = _next_monday(session)
    units = [u["code"] for u in rota.grid(session, first, 1)["units"]]
    for n in range(PDF_STAFF - len(rota.staff_list(session))):
        role = rng.choice(["SF", "AP", "IDE", "AS"])
        person = rota.add_staff(session, f"Renfort{n}", "Bench", role, units=[rng.choice(units)])
        for day in range(0, 28, 2):
            rota.assign(session, person["id"], first + timedelta(days=day), rng.choice(["J", "N", "M"]))
    times, result = [], {}
    for _ in range(PDF_RUNS):
        start = time.perf_counter()
        result = rota.print_rota_pdf(session, first, 4)
        times.append(round((time.perf_counter() - start) * 1e9))
    cells = len(rota.grid(session, first, 4)["cells"])
    raw = [_raw_pdf(result["pages"], cells + PDF_STAFF * 4 * len(units)) for _ in range(PDF_RUNS)]
    comparison = Comparison("rota: print 120 staff x 4 weeks", Summary("rota.print_rota_pdf (load, layout, draw)", times),
                            Summary("reportlab canvas: the same number of strings and pages, no layout", raw), TARGET_PDF_MS)
    return comparison, {"pages": result["pages"], "bytes": len(result["pdf"]), "cells": cells}


def run(session: Session, rng: random.Random) -> tuple[list[Comparison], dict]:
    print(f"filling {FILL_WEEKS} weeks of the demo rota with the solver ...", flush=True)
    filled, fill_detail = fill(session)
    print(f"printing {PDF_STAFF} staff x 4 weeks ({PDF_RUNS} runs) ...", flush=True)
    printed, pdf_detail = pdf(session, rng)
    return [filled, printed], {"fill": fill_detail, "pdf": pdf_detail}


def report(detail: dict) -> list[str]:
    f, p = detail["fill"], detail["pdf"]

    def run(label: str, r: dict) -> str:
        return (f"  {label}: first fully covered rota after {r['covered_s']} s, final after {r['final_s']} s ({r['status']}, "
                f"penalty {r['objective']}, {r['added']} shifts, {r['unmet']} unmet, {r['hard_after']} hard rule breaks)")

    return [
        f"rota fill: {f['staff']} staff, {f['units']} units, {f['shift_types']} shift types, {f['weeks']} weeks: {f['status']} in {f['solve_s']} s, "
        f"{f['added']} shifts, {f['hard_after']} hard rule breaks after, {f['unmet']} requirements that cannot be met "
        f"(target < 30 s and 0 hard: {f['verdict']})",
        run("quiet machine", f["quiet"]),
        run("one core kept busy by another process", f["busy"]),
        f"  every minimum met, no hard rule broken, within {TARGET_COVERED_MS / 1000:g} s on both: {f['covered_verdict']}",
        f"  the fill's constructive start alone (model + pass): {f['start_added']} shifts in {f['start_ms']} ms, "
        f"{f['start_hard']} hard rule breaks (cover included)",
        f"  greedy baseline (first come): {f['greedy_added']} shifts in {f['greedy_ms']} ms, {f['greedy_hard']} hard rule breaks, "
        f"{f['greedy_short']} slots below their minimum",
        f"rota print: {p['pages']} pages, {p['cells']} shifts, {p['bytes'] // 1024} KiB",
    ]
