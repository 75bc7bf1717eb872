"""The knowledge dialogs: a digest, saving to the library (and editing an entry),
and "who knows" (the library window is library_view). Each row that names a message opens it (double-click or Enter).

Work that may initialise the Chinese segmenter (tag suggestions, expert queries,
~1-2 s the first time) runs on a worker thread; its result comes back by a queued
signal, so the window never freezes.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
)

from desktop.protocol import library as lib

_TARGET = Qt.ItemDataRole.UserRole  # (channel, msg) a row opens, or None


class Worker(QObject):
    """Runs fn() on a thread; `done` carries its result back to the GUI thread.

    Signals:
        done(object): the result.
    """

    done = Signal(object)

    def start(self, fn) -> None:
        threading.Thread(target=self._run, args=(fn,), daemon=True, name="knowledge").start()

    def _run(self, fn) -> None:
        result = fn()
        try:
            self.done.emit(result)
        except RuntimeError:  # the dialog (and this worker) was closed and deleted meanwhile
            pass


class _LinkList(QListWidget):
    """Rows of text; those with a target open it."""

    def __init__(self, open_message, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.itemActivated.connect(lambda item: self._open(item, open_message))

    @staticmethod
    def _open(item: QListWidgetItem, open_message) -> None:
        target = item.data(_TARGET)
        if target:
            open_message(*target)

    def add(self, text: str, target=None, *, heading: bool = False) -> QListWidgetItem:
        item = QListWidgetItem(text, self)
        if target:
            item.setData(_TARGET, target)
        if heading:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return item


class DigestDialog(QDialog):
    """Key messages, decisions, open questions, tasks, files and mentions of a channel or thread."""

    def __init__(self, title: str, channel: str, result, open_message, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Catch up: %1").replace("%1", title))
        self.resize(640, 480)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("%n message(s)", None, result.total), self))
        self.list = _LinkList(open_message, self)
        names = {
            "key": self.tr("Key messages"), "decisions": self.tr("Decisions"),
            "questions": self.tr("Unanswered questions"), "tasks": self.tr("Tasks created"),
            "files": self.tr("Files shared"), "mentions": self.tr("Mentions of you"),
        }
        for name, lines in result.sections():
            if lines:
                self.list.add(names[name], heading=True)
                for line in lines:
                    self.list.add(f"{line.author}: {line.text}", (channel, line.msg))
        if not result.total:
            self.list.add(self.tr("Nothing to catch up on."))
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class SaveDialog(QDialog):
    """Title, summary, tags (with suggestions) and kind of a new library entry."""

    def __init__(self, title: str, suggest, parent=None, *, entry=None):
        """`entry` (an EntryRow): edit it instead — its fields filled in, no suggestions."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Save to library") if entry is None else self.tr("Edit library entry"))
        form = QFormLayout(self)
        self.entry = entry
        self.title = QLineEdit(title if entry is None else entry.title, self)
        self.title.setMaxLength(200)
        self.summary = QPlainTextEdit(self)
        self.tags = QLineEdit(self)
        self.tags.setPlaceholderText(self.tr("tags, separated by spaces"))
        self.suggested = QLabel(self)
        self.suggested.setWordWrap(True)
        self.kind = QComboBox(self)
        labels = {"solution": self.tr("Solution"), "template": self.tr("Template"), "case": self.tr("Case"),
                  "decision": self.tr("Decision"), "howto": self.tr("How-to")}
        for key in lib.CATEGORIES:
            self.kind.addItem(labels[key], key)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Summary"), self.summary)
        form.addRow(self.tr("Tags"), self.tags)
        form.addRow("", self.suggested)
        form.addRow(self.tr("Kind"), self.kind)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.title.textChanged.connect(lambda t: save.setEnabled(bool(t.strip())))
        save.setEnabled(bool(title.strip()))
        if entry is not None:
            self.summary.setPlainText(entry.summary)
            self.tags.setText(" ".join(entry.tags))
            self.kind.setCurrentIndex(max(self.kind.findData(entry.category), 0))
            save.setEnabled(bool(entry.title.strip()))
        self.worker = Worker(self)
        self.worker.done.connect(self._suggestions)
        if suggest is not None:
            self.worker.start(suggest)

    def _suggestions(self, tags: list[str]) -> None:
        if tags:
            self.suggested.setText(self.tr("Suggested: %1").replace("%1", " ".join(f"#{t}" for t in tags)))
            if not self.tags.text().strip():
                self.tags.setText(" ".join(tags[:3]))

    def values(self) -> dict:
        return {
            "title": self.title.text().strip(), "summary": self.summary.toPlainText(),
            "tags": lib.clean_tags(self.tags.text().replace(",", " ").split())[:20],
            "category": self.kind.currentData(),
        }

    def changes(self) -> dict:
        """For an edit: only the fields that differ from the entry."""
        before = {"title": self.entry.title, "summary": self.entry.summary, "tags": list(self.entry.tags),
                  "category": self.entry.category}
        return {k: v for k, v in self.values().items() if v != before[k]}


class ExpertsDialog(QDialog):
    """Ask "who knows X": people with their evidence, computed off the GUI thread."""

    def __init__(self, ask, open_message, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Who knows…"))
        self.resize(640, 480)
        self._ask = ask
        layout = QVBoxLayout(self)
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr("A subject, e.g. NPU 算力评估"))
        self.query.returnPressed.connect(self.run)
        layout.addWidget(self.query)
        self.list = _LinkList(open_message, self)
        layout.addWidget(self.list)
        self.worker = Worker(self)
        self.worker.done.connect(self._show)

    def run(self) -> None:
        query = self.query.text().strip()
        if query:
            self.list.clear()
            self.list.add(self.tr("Looking…"))
            self.worker.start(lambda: self._ask(query))

    def _show(self, ranked) -> None:
        self.list.clear()
        if not ranked:
            self.list.add(self.tr("Nobody found for that in what you can see."))
        kinds = {"entry": self.tr("library entry"), "answer": self.tr("answer"), "message": self.tr("message"),
                 "skill": self.tr("on their profile")}
        for n, person in enumerate(ranked[:5], start=1):
            self.list.add(f"{n}. {person.name}", heading=True)
            for ev in person.evidence[:3]:
                self.list.add(f"    {kinds.get(ev.kind, ev.kind)}: {ev.text}", (ev.channel, ev.msg) if ev.msg else None)
