"""The solution library window: browse by kind, tag, author and channel, sort by
recent or most reused, search offline (Chinese and English), and act on an entry:
open its source, edit it, publish it to the whole workspace (owners/admins), remove it.

Everything shown comes from other people, so it is set as plain text. The window
talks to the cache through a small `source` object (built by knowledge.install),
so it needs no store of its own and can be tested with a real one.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.protocol import library as lib

_ROW = Qt.ItemDataRole.UserRole  # the EntryRow an item shows


def kind_labels() -> dict[str, str]:
    """The kinds' names (the save dialog's words, translated there)."""
    t = QCoreApplication.translate
    return {"solution": t("SaveDialog", "Solution"), "template": t("SaveDialog", "Template"),
            "case": t("SaveDialog", "Case"), "decision": t("SaveDialog", "Decision"), "howto": t("SaveDialog", "How-to")}


def _plain(text: str = "", parent=None, *, bold: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    if bold:
        font = label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        label.setFont(font)
    return label


class LibraryDialog(QDialog):
    """Entries I can see. `source` has entries(**filters), find(query), channel_names(),
    user_names(), tag_counts(), can_change(row), can_publish(), source_text(row);
    `actions` has open(row), edit(row), publish(row, on), remove(row)."""

    def __init__(self, source, actions, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Library"))
        self.resize(900, 560)
        self.source, self.actions = source, actions
        self._kinds = kind_labels()
        layout = QVBoxLayout(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search the library (titles, summaries, tags, projects)"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)

        filters = QHBoxLayout()
        self.kind = self._combo(self.tr("All kinds"), [(self._kinds[k], k) for k in lib.CATEGORIES])
        self.tag = self._combo(self.tr("All tags"), [])
        self.author = self._combo(self.tr("Anyone"), [])
        self.channel = self._combo(self.tr("All channels"), [])
        self.sort = QComboBox(self)
        self.sort.addItem(self.tr("Most recent"), "recent")
        self.sort.addItem(self.tr("Most reused"), "reused")
        for label, combo in ((self.tr("Kind"), self.kind), (self.tr("Tag"), self.tag),
                             (self.tr("Author"), self.author), (self.tr("Channel"), self.channel),
                             (self.tr("Sort"), self.sort)):
            filters.addWidget(QLabel(label, self))
            filters.addWidget(combo, 1)
        layout.addLayout(filters)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.list = QListWidget(split)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(3)
        detail = QWidget(split)
        side = QVBoxLayout(detail)
        self.title = _plain("", detail, bold=True)
        self.meta = _plain("", detail)
        self.meta.setStyleSheet("color: palette(placeholder-text);")
        self.summary = _plain("", detail)
        self.origin = _plain("", detail)
        for w in (self.title, self.meta, self.summary, self.origin):
            side.addWidget(w)
        side.addStretch(1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open source"), detail)
        self.edit_button = QPushButton(self.tr("Edit…"), detail)
        self.publish_button = QPushButton(self.tr("Publish to workspace"), detail)
        self.remove_button = QPushButton(self.tr("Remove"), detail)
        for b in (self.open_button, self.edit_button, self.publish_button, self.remove_button):
            buttons.addWidget(b)
        side.addLayout(buttons)
        split.addWidget(self.list)
        split.addWidget(detail)
        split.setSizes([520, 380])
        layout.addWidget(split, 1)

        self.search.textChanged.connect(self.refresh)
        for combo in (self.kind, self.tag, self.author, self.channel, self.sort):
            combo.currentIndexChanged.connect(self.refresh)
        self.list.currentItemChanged.connect(lambda *_: self._show(self.current()))
        self.list.itemActivated.connect(lambda item: self._open(item.data(_ROW)))
        self.open_button.clicked.connect(lambda: self._open(self.current()))
        self.edit_button.clicked.connect(lambda: self.current() and self.actions.edit(self.current()))
        self.publish_button.clicked.connect(self._publish)
        self.remove_button.clicked.connect(self._remove)
        self.refresh()

    def _combo(self, everything: str, items) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(everything, None)
        for label, key in items:
            combo.addItem(label, key)
        return combo

    @staticmethod
    def _refill(combo: QComboBox, items) -> None:
        """Replace a filter's choices, keeping the chosen one if it is still there."""
        keep = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for label, key in items:
            combo.addItem(label, key)
        at = combo.findData(keep) if keep is not None else 0
        combo.setCurrentIndex(max(at, 0))
        combo.blockSignals(False)

    def _filters(self) -> dict:
        return {"category": self.kind.currentData(), "tag": self.tag.currentData(),
                "author": self.author.currentData(), "channel": self.channel.currentData()}

    def current(self):
        item = self.list.currentItem()
        return item.data(_ROW) if item is not None else None

    def refresh(self) -> None:
        names, people = self.source.channel_names(), self.source.user_names()
        everything = self.source.entries()
        tags = sorted(self.source.tag_counts().items(), key=lambda p: (-p[1], p[0]))
        self._refill(self.tag, [(f"#{t} ({n})", t) for t, n in tags])
        authors = sorted({r.author for r in everything if r.author}, key=lambda u: people.get(u, u))
        self._refill(self.author, [(people.get(u, u), u) for u in authors])
        chans = sorted({r.channel for r in everything}, key=lambda c: names.get(c, c))
        self._refill(self.channel, [(f"#{names.get(c, c)}", c) for c in chans])
        query = self.search.text().strip()
        wanted = self._filters()
        if query:
            rows = [r for r in self.source.find(query) if all(
                v is None or (v in r.tags if k == "tag" else getattr(r, k) == v) for k, v in wanted.items())]
            if self.sort.currentData() == "recent":
                rows.sort(key=lambda r: -r.saved_ts)
        else:
            rows = self.source.entries(sort=self.sort.currentData(), **wanted)
        keep = self.current().id if self.current() is not None else None
        self.list.clear()
        for row in rows:
            item = QListWidgetItem(self._line(row, names, people), self.list)
            item.setData(_ROW, row)
            if row.id == keep:
                self.list.setCurrentItem(item)
        if not rows:
            if query or any(v is not None for v in wanted.values()):
                text = self.tr("No entries match.")
            else:
                text = self.tr("The library is empty. Save an answer from a message's menu (Save to library…) "
                               "or a file from the Files window, and it shows here for everyone in that channel.")
            empty = QListWidgetItem(text, self.list)
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
        if self.list.currentItem() is None and rows:
            self.list.setCurrentRow(0)
        self._show(self.current())

    def _line(self, row, names, people) -> str:
        tags = " ".join(f"#{t}" for t in row.tags)
        meta = self.tr("%1 · in #%2 · by %3 · reused %4×").replace("%1", self._kinds.get(row.category, row.category)) \
            .replace("%2", names.get(row.channel, row.channel)).replace("%3", people.get(row.author or "", row.author or "?")) \
            .replace("%4", str(row.reuse))
        marks = []
        if row.published:
            marks.append(self.tr("published"))
        if row.source_deleted:
            marks.append(self.tr("source deleted"))
        if row.failed:
            marks.append(self.tr("refused: %1").replace("%1", row.failed))
        elif row.pending:
            marks.append(self.tr("pending"))
        suffix = f"  ({', '.join(marks)})" if marks else ""
        return f"{row.title}{suffix}\n{tags + '  ' if tags else ''}{meta}"

    def _show(self, row) -> None:
        has = row is not None
        for b in (self.open_button, self.edit_button, self.publish_button, self.remove_button):
            b.setEnabled(False)
        if not has:
            for w in (self.title, self.meta, self.summary, self.origin):
                w.setText("")
            return
        names, people = self.source.channel_names(), self.source.user_names()
        self.title.setText(row.title)
        saved = dt.datetime.fromtimestamp(row.saved_ts / 1000).strftime("%Y-%m-%d")
        self.meta.setText(self._line(row, names, people).split("\n", 1)[1] + "  ·  " + saved)
        extra = [row.summary] if row.summary else []
        for label, value in ((self.tr("Project"), row.project), (self.tr("Customer"), row.customer)):
            if value:
                extra.append(f"{label}: {value}")
        self.summary.setText("\n".join(extra))
        self.origin.setText(self.source.source_text(row))
        confirmed = not row.pending
        self.open_button.setEnabled(row.msg is not None and not row.source_deleted)
        self.edit_button.setEnabled(confirmed and self.source.can_change(row))
        self.remove_button.setEnabled(confirmed and self.source.can_change(row))
        self.publish_button.setVisible(self.source.can_publish())
        self.publish_button.setEnabled(confirmed and self.source.can_publish())
        self.publish_button.setText(self.tr("Withdraw to #%1").replace("%1", names.get(row.channel, row.channel))
                                    if row.published else self.tr("Publish to workspace"))

    def _open(self, row) -> None:
        if row is not None:
            self.actions.open(row)

    def _publish(self) -> None:
        row = self.current()
        if row is not None:
            self.actions.publish(row, not row.published)

    def _remove(self) -> None:
        row = self.current()
        if row is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Remove from the library"),
            self.tr("Remove “%1” from the library for everyone? The source message stays.").replace("%1", row.title))
        if answer == QMessageBox.StandardButton.Yes:
            self.actions.remove(row)
