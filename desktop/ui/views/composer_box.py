"""The composer's frame and its keys: one rounded box holding the text, a tool row
(attach, emoji, bold/italic/code) and the length counter; markdown shortcuts
(Ctrl+B **bold**, Ctrl+I *italic*, Ctrl+Shift+C `code`) and list continuation
(Shift+Enter in a "- " or "1. " line starts the next item)."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QToolButton, QVBoxLayout, QWidget

# (key, needs Shift) -> the markers put around the selection
WRAPS = {
    (Qt.Key.Key_B, False): ("**", "**"),
    (Qt.Key.Key_I, False): ("*", "*"),  # not _x_: Qt's markdown underlines that, and it fails inside CJK words
    (Qt.Key.Key_C, True): ("`", "`"),
}
_LIST = re.compile(r"^(\s*)([-*•]|(\d+)[.)])\s(.*)$")


def _wrap_for(event: QKeyEvent) -> tuple[str, str] | None:
    mods = event.modifiers()
    if not mods & Qt.KeyboardModifier.ControlModifier or mods & Qt.KeyboardModifier.AltModifier:
        return None
    return WRAPS.get((Qt.Key(event.key()), bool(mods & Qt.KeyboardModifier.ShiftModifier)))


def _run(text: str, char: str, *, before: bool) -> int:
    """How many `char` in a row end (before=True) or start `text`."""
    stripped = text.rstrip(char) if before else text.lstrip(char)
    return len(text) - len(stripped)


def _marked(before: str, after: str, left: str, right: str) -> bool:
    """Is the text between `before` and `after` already wrapped in these markers? Stars
    count as a run: one or three around it is italic, two or three is bold."""
    if set(left) == {"*"}:
        k = min(_run(before, "*", before=True), _run(after, "*", before=False))
        return k in (1, 3) if left == "*" else k >= 2
    return before.endswith(left) and after.startswith(right)


def wrap_selection(edit: QPlainTextEdit, left: str, right: str) -> None:
    """Put the markers around the selection, or take them off if it already has them
    (inside the selection or just around it): pressing the key twice undoes it. With
    no selection, insert both and leave the cursor between them."""
    cursor = edit.textCursor()
    cursor.beginEditBlock()
    if cursor.hasSelection():
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        text = cursor.selectedText()
        whole = edit.toPlainText()
        lead = _run(text, "*", before=False) if set(left) == {"*"} else len(left)  # a star run counts whole
        trail = _run(text, "*", before=True) if set(left) == {"*"} else len(right)
        head, tail = text[:lead], text[len(text) - trail:]
        if len(text) > lead + trail and head.endswith(left) and tail.startswith(right) and _marked(head, tail, left, right):
            inner = text[len(left): len(text) - len(right)]  # markers selected with the text
            cursor.insertText(inner)
            cursor.setPosition(start)
            cursor.setPosition(start + len(inner), QTextCursor.MoveMode.KeepAnchor)
        elif _marked(whole[:start], whole[end:], left, right):  # markers just around the selection
            cursor.setPosition(end)
            cursor.setPosition(end + len(right), QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            cursor.setPosition(start - len(left))
            cursor.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            cursor.setPosition(start - len(left))
            cursor.setPosition(end - len(left), QTextCursor.MoveMode.KeepAnchor)
        else:
            cursor.insertText(left + text + right)
            cursor.setPosition(start + len(left))
            cursor.setPosition(end + len(left), QTextCursor.MoveMode.KeepAnchor)
    else:
        cursor.insertText(left + right)
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.MoveAnchor, len(right))
    cursor.endEditBlock()
    edit.setTextCursor(cursor)


def continue_list(edit: QPlainTextEdit) -> bool:
    """Shift+Enter at the end of a list line: the next bullet or number. On an empty
    item, the bullet goes and the list ends. False if the line is not a list item."""
    cursor = edit.textCursor()
    if cursor.hasSelection():
        return False
    line = cursor.block().text()
    if cursor.positionInBlock() != len(line):
        return False
    m = _LIST.match(line)
    if m is None:
        return False
    indent, marker, number, rest = m.groups()
    cursor.beginEditBlock()
    if not rest.strip():
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
    else:
        if number is not None:
            marker = f"{int(number) + 1}{marker[-1]}"
        cursor.insertText(f"\n{indent}{marker} ")
    cursor.endEditBlock()
    edit.setTextCursor(cursor)
    return True


def handle_key(edit: QPlainTextEdit, event: QKeyEvent) -> bool:
    """The composer's own keys before the text box's; True if handled."""
    wrap = _wrap_for(event)
    if wrap is not None:
        wrap_selection(edit, *wrap)
        return True
    if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() == Qt.KeyboardModifier.ShiftModifier:
        if not continue_list(edit):
            edit.textCursor().insertText("\n")  # a real line break (Qt's own is a U+2028 in the same block)
            edit.ensureCursorVisible()
        return True
    return False


def claims_shortcut(event: QKeyEvent) -> bool:
    """For ShortcutOverride: these keys are the composer's while it has focus."""
    return _wrap_for(event) is not None


class ComposerFrame(QFrame):
    """The rounded box: the text on top, the tool row under it. `attach` stays hidden
    until a feature gives it an action (`set_attach`); `add_trailing` puts a widget at
    the row's right end (e.g. "Send later")."""

    def __init__(self, edit: QPlainTextEdit, emoji_button: QToolButton, counter: QLabel, parent=None):
        super().__init__(parent)
        self.setObjectName("composerFrame")
        self.edit = edit
        edit.setFrameShape(QFrame.Shape.NoFrame)
        edit.setViewportMargins(0, 0, 0, 0)  # the emoji button lives in the tool row now
        edit.installEventFilter(self)
        self.attach = self._button("📎", self.tr("Attach files"), self.tr("Attach files…"))
        self.attach.hide()
        self.emoji_button = emoji_button
        emoji_button.setParent(self)
        self.bold = self._button("B", self.tr("Bold (Ctrl+B)"), self.tr("Bold"))
        self.italic = self._button("I", self.tr("Italic (Ctrl+I)"), self.tr("Italic"))
        self.code = self._button("</>", self.tr("Code (Ctrl+Shift+C)"), self.tr("Code"))
        for button, style in ((self.bold, "font-weight: bold;"), (self.italic, "font-style: italic;"),
                              (self.code, "font-family: monospace;")):
            button.setStyleSheet(style)
        self.bold.clicked.connect(lambda: self._wrap("**", "**"))
        self.italic.clicked.connect(lambda: self._wrap("*", "*"))
        self.code.clicked.connect(lambda: self._wrap("`", "`"))
        self.counter = counter
        self.tools = QHBoxLayout()
        self.tools.setContentsMargins(4, 0, 4, 2)
        self.tools.setSpacing(2)
        for w in (self.attach, emoji_button, self.bold, self.italic, self.code):
            self.tools.addWidget(w)
        self.tools.addStretch(1)
        self.tools.addWidget(counter)
        column = QVBoxLayout(self)
        column.setContentsMargins(2, 2, 2, 0)
        column.setSpacing(0)
        column.addWidget(edit)
        column.addLayout(self.tools)
        self._focused(False)

    def _button(self, text: str, tip: str, name: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setAutoRaise(True)
        button.setToolTip(tip)
        button.setAccessibleName(name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setFixedHeight(24)
        return button

    def _wrap(self, left: str, right: str) -> None:
        wrap_selection(self.edit, left, right)
        self.edit.setFocus()

    def set_attach(self, slot) -> None:
        self.attach.clicked.connect(slot)
        self.attach.show()

    def add_trailing(self, widget: QWidget) -> None:
        widget.setParent(self)
        self.tools.addWidget(widget, 0, Qt.AlignmentFlag.AlignBottom)

    def _focused(self, on: bool) -> None:
        border = "palette(highlight)" if on else "palette(mid)"
        self.setStyleSheet(
            f"QFrame#composerFrame {{ border: 1px solid {border}; border-radius: 8px; background: palette(base); }}"
        )

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.edit and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self._focused(event.type() == QEvent.Type.FocusIn)
        return False
