"""The message composer: Enter sends, Shift+Enter breaks the line (and continues a list),
@ completes members, Ctrl+B / Ctrl+I / Ctrl+Shift+C wrap the selection in markdown."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QCompleter, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.protocol.version import MAX_TEXT_CHARS
from desktop.ui.emoji.composer_hook import ComposerEmoji
from desktop.ui.views import composer_box

# The counter appears once the text is this close to the relay's limit.
COUNTER_FROM = MAX_TEXT_CHARS - 1000


class ComposerEdit(QPlainTextEdit):
    """Signals: submitted(str), edit_last_requested(), cancel_requested()."""

    submitted = Signal(str)
    edit_last_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()
        self._completer = QCompleter(self)
        self._completer.setWidget(self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.activated.connect(self._insert_completion)
        self._members = QStringListModel(self)
        self._completer.setModel(self._members)

    def _fit(self, *_args) -> None:
        """Grow with the text, from one line up to eight, then scroll."""
        lines = max(1, min(8, int(self.document().size().height())))
        line_h = self.fontMetrics().lineSpacing()
        margins = self.contentsMargins()
        frame = int(self.document().documentMargin() * 2) + margins.top() + margins.bottom()
        self.setFixedHeight(lines * line_h + frame + 4)

    def set_members(self, names: list[str]) -> None:
        self._members.setStringList(sorted(names))

    def _mention_prefix(self) -> str | None:
        cursor = self.textCursor()
        text = cursor.block().text()[: cursor.positionInBlock()]
        at = text.rfind("@")
        if at < 0 or (at > 0 and not text[at - 1].isspace()):
            return None
        prefix = text[at + 1 :]
        return None if any(c.isspace() for c in prefix) else prefix

    def _insert_completion(self, name: str) -> None:
        prefix = self._mention_prefix() or ""
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(prefix))
        cursor.insertText(name + " ")
        self.setTextCursor(cursor)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and composer_box.claims_shortcut(event):
            event.accept()  # Ctrl+B and friends format the text, whatever the window binds them to
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        popup = self._completer.popup()
        if popup.isVisible() and event.key() in (
            Qt.Key.Key_Enter, Qt.Key.Key_Return, Qt.Key.Key_Tab, Qt.Key.Key_Escape, Qt.Key.Key_Up, Qt.Key.Key_Down,
        ):
            event.ignore()  # the popup handles these
            return
        if composer_box.handle_key(self, event):
            popup.hide()
            return
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods & Qt.KeyboardModifier.ShiftModifier:
            text = self.toPlainText()
            if text.strip():
                self.submitted.emit(text)
            return
        if key == Qt.Key.Key_Up and not self.toPlainText():
            self.edit_last_requested.emit()
            return
        if key == Qt.Key.Key_Escape:
            self.cancel_requested.emit()
            return
        super().keyPressEvent(event)
        prefix = self._mention_prefix()
        if prefix is None:
            popup.hide()
            return
        self._completer.setCompletionPrefix(prefix)
        if self._completer.completionCount() == 0:
            popup.hide()
            return
        rect = self.cursorRect()
        rect.setWidth(220)
        self._completer.complete(rect)


class Composer(QWidget):
    """The composer with its mode line ("Editing message — Esc to cancel") and, near the
    relay's limit (MAX_TEXT_CHARS, shared with the relay), a character counter; over the
    limit Enter does not send (nor save an edit) and `sendable_changed(False)` is emitted.

    Signals:
        post(str): send a new message (to the channel or thread this composer serves).
        edit(int, str): replace the text of message `int`.
        draft_changed(str): the text changed (debounced), for saving the draft.
        edit_last_requested(): Up in an empty composer.
    """

    post = Signal(str)
    edit = Signal("qlonglong", str)
    draft_changed = Signal(str)
    edit_last_requested = Signal()
    sendable_changed = Signal(bool)  # False while the text is over MAX_TEXT_CHARS

    def __init__(self, parent=None):
        super().__init__(parent)
        self.editing: int | None = None
        self.mode = QLabel(self)
        self.mode.hide()
        self.edit_box = ComposerEdit(self)
        self.edit_box.setAccessibleName(self.tr("Message"))
        self.emoji = ComposerEmoji(self.edit_box)  # emoji button and :shortcode: completion (desktop/ui/emoji)
        self.edit_box.removeEventFilter(self.emoji)  # its button sits in the frame's tool row, not over the text
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.setSpacing(2)
        self.counter = QLabel(self)
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.counter.hide()
        self.frame = composer_box.ComposerFrame(self.edit_box, self.emoji.button, self.counter, self)
        self.attach_button = self.frame.attach  # hidden until set_attach
        layout.addWidget(self.mode)
        layout.addWidget(self.frame)
        self._sendable = True
        self._draft_timer = QTimer(self, singleShot=True, interval=400)
        self._draft_timer.timeout.connect(lambda: self.draft_changed.emit(self.text()))
        self.edit_box.textChanged.connect(self._on_text_changed)
        self.edit_box.submitted.connect(self._submit)
        self.edit_box.edit_last_requested.connect(self.edit_last_requested)
        self.edit_box.cancel_requested.connect(self.cancel_edit)
        self._suppress_draft = False

    def set_attach(self, slot) -> None:
        """Show the attach button in the frame; it calls `slot` (the files feature's Attach files…)."""
        self.frame.set_attach(slot)

    def add_trailing(self, widget: QWidget) -> None:
        """A widget at the right end of the frame's tool row (e.g. "Send later")."""
        self.frame.add_trailing(widget)

    def set_placeholder(self, text: str) -> None:
        self.edit_box.setPlaceholderText(text)

    def text(self) -> str:
        return self.edit_box.toPlainText()

    def set_text(self, text: str, *, is_draft: bool = True) -> None:
        self._suppress_draft = True
        self.edit_box.setPlainText(text)
        self.edit_box.moveCursor(QTextCursor.MoveOperation.End)
        self._suppress_draft = False

    def flush_draft(self) -> None:
        """Emit a pending draft save now (before switching channels or quitting)."""
        if self._draft_timer.isActive():
            self._draft_timer.stop()
            self.draft_changed.emit(self.text())

    def too_long(self) -> bool:
        return len(self.text()) > MAX_TEXT_CHARS

    def _on_text_changed(self) -> None:
        self._update_counter()
        if not self._suppress_draft and self.editing is None:
            self._draft_timer.start()

    def _update_counter(self) -> None:
        n = len(self.text())
        over = n > MAX_TEXT_CHARS
        if n >= COUNTER_FROM:
            locale = QLocale()
            counts = self.tr("%1 / %2").replace("%1", locale.toString(n)).replace("%2", locale.toString(MAX_TEXT_CHARS))
            if over:
                counts = self.tr("%1 — too long to send; the limit is %2 characters").replace("%1", counts).replace(
                    "%2", locale.toString(MAX_TEXT_CHARS))
            self.counter.setText(counts)
            self.counter.setStyleSheet("color: #c62828; font-weight: bold;" if over else "")
            self.counter.show()
        else:
            self.counter.hide()
        if self._sendable == over:
            self._sendable = not over
            self.sendable_changed.emit(self._sendable)

    def begin_edit(self, msg: int, text: str) -> None:
        self.flush_draft()
        self._saved_draft = self.text()
        self.editing = msg
        self.mode.setText(self.tr("Editing message — Enter to save, Esc to cancel"))
        self.mode.show()
        self.set_text(text)

    def cancel_edit(self) -> None:
        if self.editing is None:
            return
        self.editing = None
        self.mode.hide()
        self.set_text(getattr(self, "_saved_draft", ""))

    def _submit(self, text: str) -> None:
        if len(text) > MAX_TEXT_CHARS:
            return  # the counter says why; the text stays for the user to shorten
        if self.editing is not None:
            msg = self.editing
            self.cancel_edit()
            self.edit.emit(msg, text)
            return
        self.post.emit(text)
        self.set_text("")
        self._draft_timer.stop()
        self.draft_changed.emit("")
