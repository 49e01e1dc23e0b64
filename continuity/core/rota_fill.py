"""Fill the open slots of a rota period with OR-Tools CP-SAT: the search over the model of
``core/rota_model.py`` (cover first, then the full objective, then neighbourhood search), progress,
cancellation from another thread, and the result.

The solver runs in the caller's thread; ``cancel`` may be set from another thread, and
``on_progress`` is called from the solver's thread.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from continuity.core.rota import Assignment, Violation
from continuity.core.rota_model import HARD_SLACK_FACTOR, SCALE, FillModel, FillRequest  # noqa: F401 - FillRequest is part of this API

# "optimal" means that no rota can be better by this much (in rule-weight points).
OPTIMALITY_GAP = 1.0

STATUS_OPTIMAL, STATUS_FEASIBLE, STATUS_CANCELLED, STATUS_NO_SOLUTION = "optimal", "feasible", "cancelled", "no_solution"


@dataclass
class FillResult:
    status: str  # "optimal" | "feasible" | "cancelled" | "no_solution"
    added: list[Assignment]  # new assignments (origin="fill")
    removed: list[Assignment]  # movable assignments the solver dropped or changed (a change = removed + added)
    unmet: list[Violation]  # hard cover requirements that cannot be met, explained
    seconds: float
    objective: float | None
    stats: dict[str, int] = field(default_factory=dict)  # model size: variables, constraints, options

    def assignments(self, before: list[Assignment]) -> list[Assignment]:
        """``before`` without ``removed`` (one occurrence each), with ``added``."""
        to_remove = Counter(self.removed)
        kept = []
        for a in before:
            if to_remove[a] > 0:
                to_remove[a] -= 1
            else:
                kept.append(a)
        return kept + list(self.added)


class _Watch(cp_model.CpSolverSolutionCallback):
    """Reports each better solution (with the full objective, whatever the phase minimises) and
    stops the search when asked to."""

    def __init__(self, objective: Any, cancel: threading.Event | None,
                 on_progress: Callable[[int, float], None] | None, solutions: int = 0) -> None:
        super().__init__()
        self.objective, self.cancel, self.on_progress, self.solutions = objective, cancel, on_progress, solutions

    def on_solution_callback(self) -> None:
        self.solutions += 1
        if self.on_progress is not None:
            value = self.objective if isinstance(self.objective, int) else self.value(self.objective)
            self.on_progress(self.solutions, value / SCALE)
        if self.cancel is not None and self.cancel.is_set():
            self.stop_search()


def _parameters(solver: cp_model.CpSolver, seconds: float, workers: int) -> None:
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = max(1, int(workers))
    # Measured on an 80-person month: the full presolve (symmetries, probing, many rounds) takes
    # two seconds per solve and buys nothing here; the light one finds the first cover in under one.
    solver.parameters.symmetry_level = 0
    solver.parameters.max_presolve_iterations = 1
    solver.parameters.cp_model_probing_level = 0


def fill(request: FillRequest, *, cancel: threading.Event | None = None,
         on_progress: Callable[[int, float], None] | None = None) -> FillResult:
    """Fill the open slots of ``request.data``'s period; see the module's docstring.

    Three solves of one model, each starting from the best rota so far:

    1. only the hard cover (minimum, birth-suite midwife) and keeping what is there: the solver
       meets the cover within a second or two where the full objective takes it many;
    2. the full objective, with the complete search, never covering less than (1) found: small
       wards are proved optimal here;
    3. if time is left and (2) could not prove anything, the full objective by neighbourhood
       search only, which improves a large ward's rota much faster than the complete search does.
    """
    began = time.monotonic()
    built = FillModel(request)
    built.build()
    model = built.model
    stats = {"variables": len(model.proto.variables), "constraints": len(model.proto.constraints),
             "options": len(built.option_var)}
    budget = float(request.time_limit_s)

    def elapsed() -> float:
        return time.monotonic() - began

    def nothing() -> FillResult:
        return FillResult(STATUS_NO_SOLUTION, [], [], [], elapsed(), None, stats)

    def cancelled() -> bool:
        return cancel is not None and cancel.is_set()

    if cancelled():
        return nothing()
    current: list[cp_model.CpSolver] = []
    done = threading.Event()

    def watcher() -> None:
        # Callbacks only run on new solutions: a search stuck between two of them is stopped here.
        while not done.is_set():
            if cancel.wait(0.05):
                if current:
                    current[-1].stop_search()
                if done.wait(0.05):
                    return

    solution: list[int] | None = None
    solutions = 0

    def solve(objective: Any, seconds: float, *, lns_only: bool = False) -> int:
        """One solve from the best rota so far; keeps its best rota; returns the solver's status."""
        nonlocal solution, solutions
        if isinstance(objective, int):
            model.clear_objective()
        else:
            model.minimize(objective)
        if solution is not None:
            model.clear_hints()
            model.proto.solution_hint.vars.extend(range(len(solution)))
            model.proto.solution_hint.values.extend(solution)
        solver = cp_model.CpSolver()
        current.append(solver)
        _parameters(solver, seconds, request.workers)
        # Proving that no rota is better by a fraction of a penalty point can take the solver far
        # longer than finding it (fairness has many equivalent shapes): stop when the best rota
        # possible cannot beat this one by a whole point.
        solver.parameters.absolute_gap_limit = OPTIMALITY_GAP * SCALE
        solver.parameters.use_lns_only = lns_only
        watch = _Watch(built.full_objective, cancel, on_progress, solutions)
        status = solver.solve(model, watch)
        solutions = watch.solutions
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            solution = list(solver.response_proto.solution)
        return status

    thread = threading.Thread(target=watcher, name="rota-fill-cancel", daemon=True) if cancel is not None else None
    if thread is not None:
        thread.start()
    proved = False
    try:
        if built.hard_slack:
            slack = sum(c * v for c, v in built.hard_slack)
            # Keeping what is there is part of the first phase too: else its first cover may be
            # any cover, and a re-run on a complete rota would start from somewhere else.
            keep = sum(c * v for c, v, what in built.objective if what == "change")
            solve(HARD_SLACK_FACTOR * slack + keep, min(budget - elapsed(), max(2.0, 0.7 * (budget - elapsed()))))
            if solution is not None:
                model.add(slack <= sum(c * solution[v.index] for c, v in built.hard_slack))
        if not cancelled() and (budget - elapsed() > 0.05 or solution is None):
            left = budget - elapsed()
            proved = solve(built.full_objective, min(left, max(1.0, 0.15 * left))) == cp_model.OPTIMAL
        if not proved and not cancelled() and budget - elapsed() > 0.05 and solution is not None:
            solve(built.full_objective, budget - elapsed(), lns_only=True)
    finally:
        done.set()
        if thread is not None:
            thread.join()
    if solution is None:
        return nothing()

    def value(var: Any) -> int:
        return solution[var.index]

    added, removed, unmet = built.result(value)
    if proved:
        name = STATUS_OPTIMAL
    else:
        name = STATUS_CANCELLED if cancelled() else STATUS_FEASIBLE
    objective = sum(c * value(v) for c, v, _what in built.objective) + built.objective_constant
    return FillResult(name, added, removed, unmet, elapsed(), objective / SCALE, stats)
