"""Crash scenarios: a fresh library for each, and the plans of CLI commands its child process runs.

One scenario per operation the issue names — import, tag, note, rename, undo, export, reindex — each
mixing in the user actions that give its operation something to do. Plans are drawn from a seeded random
generator and the scenario's model, so a run is repeatable and every command is meaningful (an untag names a
tag that exists, a rename renames the tag all papers carry).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from library_model import LibraryModel

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(REPO))

from bench.corpus import SynthPaper, page_a, page_b, papers  # noqa: E402
from papertui.library import Library  # noqa: E402

SCENARIOS = ("import", "tag", "note", "rename", "undo", "export", "reindex", "remove")
START_PAPERS = 40
TAG_POOL = tuple(f"t{i}" for i in range(10))
KILL_WINDOW_S = {"import": 0.12, "reindex": 0.25}
"""How long after a command starts the kill may land (default 0.06 s): about each command's duration here."""


@dataclass
class Scenario:
    """One library under torture: its folder, its model, and a generator of plans."""

    name: str
    home: Path
    rng: random.Random
    model: LibraryModel = field(default_factory=LibraryModel)
    ids: list[str] = field(default_factory=list)
    pages: int = 0
    serial: int = 0
    _corpus: object = None

    @property
    def work(self) -> Path:
        """Files that belong to the test, not the library: pages to import, export targets."""
        return self.home.parent / f"{self.home.name}-files"

    @property
    def export_path(self) -> str:
        return str(self.work / "reading.json")

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    # -- set-up ---------------------------------------------------------------------------------------------
    def setup(self) -> None:
        """A fresh library holding START_PAPERS papers, an index, and (per scenario) some user data."""
        self.work.mkdir(parents=True, exist_ok=True)
        self._corpus = papers(1_000_000, seed=self.rng.randrange(1 << 30))
        lib = Library(self.home)
        try:
            for _ in range(2):
                page = self.write_page(START_PAPERS // 2, overlap=False)
                lib.import_file(page)
                known = set(self.model.papers)
                self.model.apply(["import", str(page)])
                self.ids += [pid for pid in self.model.papers if pid not in known]
            lib.index()
        finally:
            lib.close()
        seeding = {"rename": (self.ids, "r0"), "export": (self.ids[:3], "exp")}.get(self.name)
        if seeding:
            lib = Library(self.home)
            try:
                lib.tag(seeding[0], [seeding[1]])
            finally:
                lib.close()
            self.model.apply(["tag", *seeding[0], seeding[1]])

    def write_page(self, count: int, *, overlap: bool = True) -> Path:
        """A new page of `count` fresh papers; with `overlap`, also an earlier paper with a new code link (so
        an import both adds papers and updates one: all of it must land, or none)."""
        batch: list[SynthPaper] = [next(self._corpus) for _ in range(count)]  # type: ignore[call-overload]
        if overlap and self._last_batch:
            old = self.rng.choice(self._last_batch)
            extra = f" Code: https://github.com/torture-lab/page{self.pages}."
            batch.append(replace(old, abstract=old.abstract + extra))
        self._last_batch = batch
        render = page_a if self.pages % 2 == 0 else page_b
        path = self.work / f"page-{self.pages:04d}.txt"
        path.write_text(render(batch), encoding="utf-8")
        self.pages += 1
        return path

    _last_batch: list[SynthPaper] = field(default_factory=list)

    # -- plans ----------------------------------------------------------------------------------------------
    def plan(self, length: int) -> list[list[str]]:
        """The next `length` commands. Commands are drawn against a scratch copy of the model, so later
        commands see the effect of earlier ones (a plan is run in order)."""
        scratch = self.model.copy()
        steps: list[list[str]] = []
        draw: Callable[[LibraryModel], list[str]] = getattr(self, f"_draw_{self.name}")
        for _ in range(length):
            argv = draw(scratch)
            scratch.apply(argv)
            steps.append(argv)
        return steps

    def _some_ids(self, most: int = 3) -> list[str]:
        return self.rng.sample(self.ids, self.rng.randint(1, most))

    def _tag_op(self, m: LibraryModel) -> list[str]:
        return ["tag", *self._some_ids(), self.rng.choice(TAG_POOL)]

    def _untag_op(self, m: LibraryModel) -> list[str]:
        tagged = [(pid, t) for pid, rec in m.user.items() for t in rec.tags if t in TAG_POOL]
        if not tagged:
            return self._tag_op(m)
        pid, tag = self.rng.choice(tagged)
        return ["untag", pid, tag]

    def _note_op(self, m: LibraryModel) -> list[str]:
        n = self.next_serial()
        pid = self.rng.choice(self.ids)
        if self.rng.random() < 0.1:
            return ["note", pid, ""]  # deletes the note
        body = f"note w{n}x about section {n % 9}"
        if self.rng.random() < 0.3:
            body += "\r\nsecond line with café and 数学\r\n"
        return ["note", pid, body]

    def _draw_import(self, m: LibraryModel) -> list[str]:
        return ["import", str(self.write_page(self.rng.randint(3, 8)))]

    def _draw_tag(self, m: LibraryModel) -> list[str]:
        roll = self.rng.random()
        if roll < 0.6:
            return self._tag_op(m)
        if roll < 0.85:
            return self._untag_op(m)
        return ["triage", *self._some_ids(), self.rng.choice(("kept", "skipped", "unseen"))]

    def _draw_note(self, m: LibraryModel) -> list[str]:
        return self._note_op(m) if self.rng.random() < 0.8 else self._tag_op(m)

    def _draw_rename(self, m: LibraryModel) -> list[str]:
        current = {t for rec in m.user.values() for t in rec.tags if t.startswith("r")}
        if not current:
            return ["tag", *self.ids, "r0"]
        name = max(current, key=lambda t: int(t[1:]))
        if self.rng.random() < 0.15:
            return ["tag", self.rng.choice(self.ids), name]
        return ["tag", "--rename", name, f"r{self.next_serial()}"]

    def _draw_undo(self, m: LibraryModel) -> list[str]:
        roll = self.rng.random()
        if roll < 0.3:
            return self._tag_op(m)
        if roll < 0.45:
            return self._note_op(m)
        return ["undo"] if roll < 0.8 else ["redo"]

    def _draw_export(self, m: LibraryModel) -> list[str]:
        roll = self.rng.random()
        if roll < 0.3:
            return ["tag", *self._some_ids(), "exp"]
        if roll < 0.45:
            return ["untag", self.rng.choice(self.ids), "exp"]
        return ["export", "--tag", "exp", "-f", "json", "-o", self.export_path]

    def _draw_reindex(self, m: LibraryModel) -> list[str]:
        roll = self.rng.random()
        if roll < 0.4:
            return ["reindex"]
        return self._tag_op(m) if roll < 0.8 else self._note_op(m)

    def _draw_remove(self, m: LibraryModel) -> list[str]:
        roll = self.rng.random()
        present = [pid for pid in self.ids if pid in m.papers]
        if roll < 0.3 and present:
            return ["remove", "--yes", *self.rng.sample(present, min(len(present), self.rng.randint(1, 3)))]
        if roll < 0.5:
            return ["undo"] if roll < 0.45 else ["redo"]
        if roll < 0.85 and present:
            return ["tag", *self.rng.sample(present, min(len(present), 2)), self.rng.choice(TAG_POOL)]
        return self._note_op(m) if present else ["undo"]

    def kill_window(self, argv: list[str]) -> float:
        return KILL_WINDOW_S.get(argv[0], 0.06)


def new_scenario(name: str, root: Path, seed: int) -> Scenario:
    if name not in SCENARIOS:
        raise ValueError(f"unknown scenario {name!r}")
    scenario = Scenario(name, root / name, random.Random(f"{seed}:{name}"))
    scenario.setup()
    return scenario
