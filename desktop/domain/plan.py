"""The board's plan: everyone's load and conflicts over a date range, kept current one
change at a time (a changed demand or task recomputes only the people it touches).

Pure: plans in, loads and conflicts out. Same answers as desktop.domain.conflicts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from desktop.domain.allocation import Demand, Load, person_load
from desktop.domain.capacity import Person
from desktop.domain.conflicts import Conflict, NoFit, person_conflicts, task_fit
from desktop.domain.workload import Work, window


class Plan:
    def __init__(
        self, people: Iterable[Person], demands: Iterable[Demand], works: Iterable[Work], *,
        first: dt.date, last: dt.date, project_of: Mapping[str, str] | None = None,
    ) -> None:
        self.first, self.last = first, last
        self.people: dict[str, Person] = {p.user: p for p in people}
        self.demands: dict[str, Demand] = {d.id: d for d in demands}
        self.works: dict[str, Work] = {w.id: w for w in works}
        self.project_of: dict[str, str] = dict(project_of or {})
        self.loads: dict[str, Load] = {}
        self._conflicts: dict[str, list[Conflict]] = {}
        self._fits: dict[str, NoFit] = {}
        self._demands_of: dict[str, set[str]] = {}
        self._works_of: dict[str, set[str]] = {}
        for d in self.demands.values():
            self._index_demand(d, add=True)
        for w in self.works.values():
            self._index_work(w, add=True)
        self._refresh(self.users())
        for w in self.works.values():
            self._fit(w)

    # ---- reads ----

    def users(self) -> set[str]:
        return set(self.people) | set(self._demands_of) | set(self._works_of)

    def person(self, user: str) -> Person:
        return self.people.get(user) or Person(user)

    def conflicts(self) -> list[Conflict]:
        found = [c for user in sorted(self._conflicts) for c in self._conflicts[user]]
        return found + [self._fits[t] for t in sorted(self._fits)]

    def open_demands(self) -> list[Demand]:
        """Demands for a role that nobody is named for yet."""
        return sorted((d for d in self.demands.values() if not d.person), key=lambda d: (d.start, d.id))

    # ---- changes ----

    def put_demand(self, demand: Demand) -> None:
        touched = {demand.person} if demand.person else set()
        old = self.demands.get(demand.id)
        if old is not None:
            touched |= {old.person} if old.person else set()
            self._index_demand(old, add=False)
        self.demands[demand.id] = demand
        self._index_demand(demand, add=True)
        self._refresh(touched)

    def remove_demand(self, demand_id: str) -> None:
        old = self.demands.pop(demand_id, None)
        if old is not None:
            self._index_demand(old, add=False)
            self._refresh({old.person} if old.person else set())

    def put_work(self, work: Work, project: str | None = None) -> None:
        touched = set(work.assignees)
        old = self.works.get(work.id)
        if old is not None:
            touched |= set(old.assignees)
            self._index_work(old, add=False)
        self.works[work.id] = work
        if project is not None:
            self.project_of[work.id] = project
        self._index_work(work, add=True)
        self._refresh(touched)
        self._fit(work)

    def remove_work(self, work_id: str) -> None:
        old = self.works.pop(work_id, None)
        self._fits.pop(work_id, None)
        if old is not None:
            self._index_work(old, add=False)
            self._refresh(set(old.assignees))

    def put_person(self, person: Person) -> None:
        self.people[person.user] = person
        self._refresh({person.user})
        for task in self._works_of.get(person.user, ()):
            self._fit(self.works[task])

    def sync(
        self, people: Iterable[Person], demands: Iterable[Demand], works: Iterable[Work],
        project_of: Mapping[str, str],
    ) -> bool:
        """Bring the plan to these inputs by applying only what differs. Returns False
        (and changes nothing) when tasks moved between projects: rebuild then."""
        project_of = dict(project_of)
        works = {w.id: w for w in works}
        if any(self.project_of.get(t) != project_of.get(t) for t in works if t in self.works):
            return False
        for person in people:
            if self.people.get(person.user) != person:
                self.put_person(person)
        demands = {d.id: d for d in demands}
        for demand_id in set(self.demands) - set(demands):
            self.remove_demand(demand_id)
        for demand in demands.values():
            if self.demands.get(demand.id) != demand:
                self.put_demand(demand)
        for work_id in set(self.works) - set(works):
            self.remove_work(work_id)
        for work in works.values():
            if self.works.get(work.id) != work:
                self.put_work(work, project_of.get(work.id))
        return True

    # ---- internals ----

    def _index_demand(self, demand: Demand, *, add: bool) -> None:
        if demand.person:
            ids = self._demands_of.setdefault(demand.person, set())
            ids.add(demand.id) if add else ids.discard(demand.id)

    def _index_work(self, work: Work, *, add: bool) -> None:
        for user in work.assignees:
            ids = self._works_of.setdefault(user, set())
            ids.add(work.id) if add else ids.discard(work.id)

    def _refresh(self, users: Iterable[str]) -> None:
        for user in users:
            person = self.person(user)
            load = person_load(
                person, (self.demands[i] for i in self._demands_of.get(user, ())),
                (self.works[i] for i in self._works_of.get(user, ())), self.first, self.last, self.project_of,
            )
            self.loads[user] = load
            self._conflicts[user] = person_conflicts(person, load, 0, len(load.total) - 1)

    def _fit(self, work: Work) -> None:
        span = window(work)
        fit = None
        if span is not None and span[1] >= self.first and span[0] <= self.last:
            fit = task_fit(work, self.people)
        if fit is None:
            self._fits.pop(work.id, None)
        else:
            self._fits[work.id] = fit
