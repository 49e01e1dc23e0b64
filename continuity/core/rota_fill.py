"""Fill the open slots of a rota period with OR-Tools CP-SAT: the search over the model of
``core/rota_model.py`` (a constructive cover first, then the full objective, then neighbourhood
search), progress, cancellation from another thread, and the result.

The search is limited by the wall clock (``FillRequest.time_limit_s``: a supervisor is waiting) or,
for tests and benchmarks, by CP-SAT's deterministic time (``work_limit``), with which the same
request returns the same rota on a quiet or a busy machine.

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
from continuity.core.rota_greedy import greedy_cover
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
    covered_after: float | None = None  # seconds until the first rota with every hard cover met, if any
    work: float = 0.0  # CP-SAT's deterministic time spent (the same for the same search, whatever the load)

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
    """Reports each better solution (with the full objective, whatever the phase minimises), notes
    when the first fully covered rota appears, and stops the search when asked to."""

    def __init__(self, objective: Any, cancel: threading.Event | None,
                 on_progress: Callable[[int, float], None] | None, solutions: int,
                 slack: Any, on_covered: Callable[[], None] | None, on_objective: Callable[[float], None]) -> None:
        super().__init__()
        self.objective, self.cancel, self.on_progress, self.solutions = objective, cancel, on_progress, solutions
        self.slack, self.on_covered, self.on_objective = slack, on_covered, on_objective

    def on_solution_callback(self) -> None:
        self.solutions += 1
        if self.on_covered is not None and self._value(self.slack) == 0:
            self.on_covered()
            self.on_covered = None
        objective = self._value(self.objective) / SCALE
        self.on_objective(objective)
        if self.on_progress is not None:
            self.on_progress(self.solutions, objective)
        if self.cancel is not None and self.cancel.is_set():
            self.stop_search()

    def _value(self, expression: Any) -> int:
        return expression if isinstance(expression, int) else self.value(expression)


class _Stall:
    """Notes the last real gain (``FillRequest.stall_gain`` of the penalty) and says when none came
    for ``stall_seconds`` in the phase being watched. Wall-clock: never with a work limit."""

    def __init__(self, request: FillRequest) -> None:
        self.seconds = request.stall_seconds if request.work_limit is None else None
        self.gain = request.stall_gain
        self.best: float | None = None
        self.at = time.monotonic()
        self.watching = False
        self.happened = False

    @property
    def enabled(self) -> bool:
        return self.seconds is not None

    def start(self) -> None:
        self.at = time.monotonic()
        self.watching = self.enabled

    def improved(self, objective: float) -> None:
        if self.best is None or self.best - objective > abs(self.best) * self.gain:
            self.best, self.at = objective, time.monotonic()

    def stalled(self) -> bool:
        if self.watching and time.monotonic() - self.at > self.seconds:
            self.happened = True
        return self.happened


class _Budget:
    """How much search is left: seconds on the wall clock (a supervisor waiting), or CP-SAT's
    deterministic time (``FillRequest.work_limit``: the same search whatever the machine's load)."""

    def __init__(self, request: FillRequest) -> None:
        self.request = request
        self.began = time.monotonic()
        self.work_done = 0.0

    @property
    def deterministic(self) -> bool:
        return self.request.work_limit is not None

    def elapsed(self) -> float:
        return time.monotonic() - self.began

    def left(self) -> float:
        if self.deterministic:
            return float(self.request.work_limit) - self.work_done
        return float(self.request.time_limit_s) - self.elapsed()

    def apply(self, solver: cp_model.CpSolver, amount: float) -> None:
        parameters = solver.parameters
        parameters.num_workers = max(1, int(self.request.workers))
        parameters.random_seed = int(self.request.seed)
        if self.deterministic:
            parameters.max_deterministic_time = max(0.05, amount)
            # Several workers share their solutions as they come, which depends on the load;
            # interleaved, they run in fixed batches and the search is the same every time.
            parameters.interleave_search = parameters.num_workers > 1
        else:
            parameters.max_time_in_seconds = max(0.05, amount)
        # Measured on an 80-person month: the full presolve (symmetries, probing, many rounds) takes
        # two seconds per solve and buys nothing here; the light one is enough.
        parameters.symmetry_level = 0
        parameters.max_presolve_iterations = 1
        parameters.cp_model_probing_level = 0

    def charge(self, solver: cp_model.CpSolver) -> None:
        self.work_done += solver.response_proto.deterministic_time


def fill(request: FillRequest, *, cancel: threading.Event | None = None,
         on_progress: Callable[[int, float], None] | None = None) -> FillResult:
    """Fill the open slots of ``request.data``'s period; see the module's docstring.

    A constructive pass (``core/rota_greedy.py``) first meets the minimum cover where the rules
    allow, in a fraction of a second whatever the load; then solves of one model, each starting
    from the best rota so far:

    0. the constructive rota itself, completed by the solver (fixed to it): a fully covered rota
       within a second, even on a busy laptop;
    1. if that rota still misses some cover, only the hard cover (minimum, birth-suite midwife) and
       keeping what is there;
    2. the full objective, with the complete search, never covering less than the rota so far:
       small wards are proved optimal here;
    3. if budget is left and (2) could not prove anything, the full objective by neighbourhood
       search only, which improves a large ward's rota much faster than the complete search does.
    """
    budget = _Budget(request)
    built = FillModel(request)
    built.build()
    model = built.model
    stats = {"variables": len(model.proto.variables), "constraints": len(model.proto.constraints),
             "options": len(built.option_var)}
    covered_at: list[float] = []

    def nothing() -> FillResult:
        return FillResult(STATUS_NO_SOLUTION, [], [], [], budget.elapsed(), None, stats, work=budget.work_done)

    def cancelled() -> bool:
        return cancel is not None and cancel.is_set()

    if cancelled():
        return nothing()
    current: list[cp_model.CpSolver] = []
    done = threading.Event()
    stall = _Stall(request)

    def watcher() -> None:
        # Callbacks only run on new solutions: a search stuck between two of them is stopped here,
        # when asked to, or once the final improvement has stalled.
        while not done.wait(0.05):
            if cancelled() or stall.stalled():
                if current:
                    current[-1].stop_search()

    slack = sum(c * v for c, v in built.hard_slack) if built.hard_slack else 0
    solution: list[int] | None = None
    solutions = 0

    def note_covered() -> None:
        if not covered_at:
            covered_at.append(budget.elapsed())

    def solve(objective: Any, amount: float, *, lns_only: bool = False, fixed_to_hint: bool = False) -> int:
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
        budget.apply(solver, amount)
        # Proving that no rota is better by a fraction of a penalty point can take the solver far
        # longer than finding it (fairness has many equivalent shapes): stop when the best rota
        # possible cannot beat this one by a whole point.
        solver.parameters.absolute_gap_limit = OPTIMALITY_GAP * SCALE
        solver.parameters.use_lns_only = lns_only
        solver.parameters.fix_variables_to_their_hinted_value = fixed_to_hint
        watch = _Watch(built.full_objective, cancel, on_progress, solutions, slack, None if covered_at else note_covered,
                       stall.improved)
        status = solver.solve(model, watch)
        budget.charge(solver)
        solutions = watch.solutions
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            solution = list(solver.response_proto.solution)
        return status

    def slack_left() -> int:
        return 0 if isinstance(slack, int) else sum(c * solution[v.index] for c, v in built.hard_slack)

    watched = cancel is not None or stall.enabled
    thread = threading.Thread(target=watcher, name="rota-fill-watch", daemon=True) if watched else None
    if thread is not None:
        thread.start()
    proved = False
    try:
        # Keeping what is there is part of the cover phases too: else their first cover may be any
        # cover, and a re-run on a complete rota would start from somewhere else.
        keep = sum(c * v for c, v, what in built.objective if what == "change")
        cover_objective = HARD_SLACK_FACTOR * slack + keep
        start = greedy_cover(built)
        model.clear_hints()
        for key, var in built.option_var.items():
            model.add_hint(var, key in start)
        solve(cover_objective, max(1.0, 0.1 * budget.left()), fixed_to_hint=True)
        if built.hard_slack and not cancelled() and (solution is None or slack_left() > 0):
            solve(cover_objective, min(budget.left(), max(2.0, 0.7 * budget.left())))
        if built.hard_slack and solution is not None:
            model.add(slack <= slack_left())
        if not cancelled() and (budget.left() > 0.05 or solution is None):
            left = budget.left()
            proved = solve(built.full_objective, min(left, max(1.0, 0.15 * left))) == cp_model.OPTIMAL
        if not proved and not cancelled() and budget.left() > 0.05 and solution is not None:
            stall.start()  # only the last phase stops on a stall: the others have budgets of their own
            solve(built.full_objective, budget.left(), lns_only=True)
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
    return FillResult(name, added, removed, unmet, budget.elapsed(), objective / SCALE, stats,
                      covered_after=covered_at[0] if covered_at else None, work=budget.work_done)
