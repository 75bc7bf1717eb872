"""Create or edit one task: fields, comments and history (overridden values included)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QTabWidget, QTextBrowser, QVBoxLayout,
    QWidget,
)

from desktop.store import tasks as st
from desktop.ui.tasks import column_names
from desktop.ui.markdown import SafeDocument, render
from desktop.ui.tasks.controller import describe, field_label, show_value


class DateField(QWidget):
    """A date that may be unset (checkbox + date edit)."""

    def __init__(self, value: str | None, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox(self)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        day = dt.date.fromisoformat(value) if value else dt.date.today()
        self.edit.setDate(QDate(day.year, day.month, day.day))
        self.enabled.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.enabled.toggled.connect(self.edit.setEnabled)
        layout.addWidget(self.enabled)
        layout.addWidget(self.edit, 1)

    def value(self) -> str | None:
        if not self.enabled.isChecked():
            return None
        d = self.edit.date()
        return dt.date(d.year(), d.month(), d.day()).isoformat()

    def set_value(self, value: str | None) -> None:
        self.enabled.setChecked(value is not None)
        if value:
            day = dt.date.fromisoformat(value)
            self.edit.setDate(QDate(day.year, day.month, day.day))


class TaskDialog(QDialog):
    """New task (channel given) or an existing one (row given)."""

    def __init__(self, controller, *, channel: str | None = None, row: st.TaskRow | None = None,
                 title: str = "", source_msg: int | None = None, parent=None):
        super().__init__(parent)
        self.controller, self.row = controller, row
        self.channel = row.channel if row else channel
        self.source_msg = row.source_msg if row else source_msg
        store = controller.store
        self.setWindowTitle(self.tr("Task %1").replace("%1", row.ref) if row else self.tr("New task"))
        self.resize(560, 560)
        tabs = QTabWidget(self)
        form_host = QWidget()
        form = QFormLayout(form_host)
        self.title = QLineEdit(row.title if row else title, self)
        self.title.setMaxLength(200)
        form.addRow(self.tr("Title"), self.title)
        self.description = QPlainTextEdit(row.description if row else "", self)
        self.description.setPlaceholderText(self.tr("Markdown"))
        form.addRow(self.tr("Description"), self.description)
        self.status = QComboBox(self)
        for key, name in column_names.columns(store, self.channel):
            self.status.addItem(name, key)
        if row:
            self.status.setCurrentIndex(max(0, self.status.findData(row.status)))
        form.addRow(self.tr("Status"), self.status)
        self.assignees = QListWidget(self)
        self.assignees.setMaximumHeight(96)
        chosen = set(row.assignees) if row else set()
        for member in store.members(self.channel):
            item = QListWidgetItem(f"{member.display_name} (@{member.name})")
            item.setData(Qt.ItemDataRole.UserRole, member.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if member.name in chosen else Qt.CheckState.Unchecked)
            self.assignees.addItem(item)
        form.addRow(self.tr("Assignees"), self.assignees)
        self.start = DateField(row.start if row else None, self)
        form.addRow(self.tr("Start"), self.start)
        self.due = DateField(row.due if row else None, self)
        form.addRow(self.tr("Due"), self.due)
        self.estimate = QDoubleSpinBox(self)
        self.estimate.setRange(0, 10_000)
        self.estimate.setDecimals(1)
        self.estimate.setSuffix(self.tr(" h"))
        self.estimate.setSpecialValueText(self.tr("no estimate"))
        self.estimate.setValue(row.estimate or 0 if row else 0)
        form.addRow(self.tr("Estimate"), self.estimate)
        self.priority = QComboBox(self)
        for key, name in (("low", self.tr("Low")), ("normal", self.tr("Normal")), ("high", self.tr("High")),
                          ("urgent", self.tr("Urgent"))):
            self.priority.addItem(name, key)
        self.priority.setCurrentIndex(self.priority.findData(row.priority if row else "normal"))
        form.addRow(self.tr("Priority"), self.priority)
        self.labels = QLineEdit(", ".join(row.labels) if row else "", self)
        self.labels.setPlaceholderText(self.tr("comma-separated"))
        form.addRow(self.tr("Labels"), self.labels)
        if self.source_msg is not None:
            msg = store.message(self.source_msg)
            text = msg.text if msg is not None and not msg.deleted else ""
            self.source = QLabel(self.tr("From message: %1").replace("%1", text[:120]), self)
            self.source.setWordWrap(True)
            form.addRow("", self.source)
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #B91C1C")
        form.addRow("", self.warnings)
        tabs.addTab(form_host, self.tr("Details"))
        # The description rendered like messages: markdown, no HTML, nothing fetched.
        self.preview = QTextBrowser(self)
        self.preview.setOpenLinks(False)
        preview_index = tabs.addTab(self.preview, self.tr("Preview"))
        tabs.currentChanged.connect(lambda i: i == preview_index and self.render_preview())
        if row is not None:
            tabs.addTab(self._activity(row), self.tr("Comments and history"))
            found = controller.warnings_for(row.id)
            self.warnings.setText("\n".join("⚠ " + describe(w, controller.titles()) for w in found))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #B91C1C")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def render_preview(self) -> None:
        self.preview.setDocument(render(self.description.toPlainText(), SafeDocument(self.preview)))

    def _activity(self, row: st.TaskRow) -> QWidget:
        host = QWidget()
        box = QVBoxLayout(host)
        self.history = QListWidget(host)
        self.history.setWordWrap(True)
        for h in st.history(self.controller.store, row.id):
            when = dt.datetime.fromtimestamp(h.ts / 1000).strftime("%Y-%m-%d %H:%M")
            if h.field == "created":
                text = self.tr("%1 created the task").replace("%1", h.actor or "?")
            elif h.field == "comment":
                text = self.tr("%1: %2").replace("%1", h.actor or "?").replace("%2", str(h.value))
            else:
                text = self.tr("%1 set the %2 to %3").replace("%1", h.actor or "?").replace(
                    "%2", field_label(h.field)).replace("%3", show_value(h.value))
                if h.lost_actor:
                    text += " " + self.tr("(at the same time as %1, whose %2 was replaced)").replace(
                        "%1", h.lost_actor).replace("%2", show_value(h.lost_value))
            self.history.addItem(f"{when}  {text}")
        box.addWidget(self.history, 1)
        line = QHBoxLayout()
        self.comment = QLineEdit(host)
        self.comment.setPlaceholderText(self.tr("Write a comment"))
        send = QPushButton(self.tr("Comment"), host)
        send.clicked.connect(self._comment)
        line.addWidget(self.comment, 1)
        line.addWidget(send)
        box.addLayout(line)
        return host

    def _comment(self) -> None:
        text = self.comment.text()
        if text.strip() and self.row is not None:
            self.controller.comment(self.row.id, text)
            self.history.addItem(self.tr("%1: %2 (pending)").replace("%1", self.controller.me).replace("%2", text))
            self.comment.clear()

    def values(self) -> dict:
        labels = [x.strip() for x in self.labels.text().split(",") if x.strip()]
        assignees = [
            self.assignees.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.assignees.count())
            if self.assignees.item(i).checkState() == Qt.CheckState.Checked
        ]
        return {
            "title": self.title.text(), "description": self.description.toPlainText(),
            "status": self.status.currentData(), "assignees": assignees, "start": self.start.value(),
            "due": self.due.value(), "estimate": self.estimate.value() or None,
            "priority": self.priority.currentData(), "labels": labels,
        }

    def save(self) -> None:
        values = self.values()
        try:
            if self.row is None:
                title = values.pop("title")
                self.task_id = self.controller.create(self.channel, title, source_msg=self.source_msg, **values)
            else:
                self.controller.edit(self.row.id, **values)
                self.task_id = self.row.id
        except ValueError as exc:
            self.error.setText(str(exc))  # plain reason from the field rules; nothing is lost
            return
        self.accept()
