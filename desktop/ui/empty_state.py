"""A hint over an empty list or table that says what to do next ("No files shared here
yet — attach one with Attach… or drop it on the window"), like Slack's and Lark's empty views.

The hint is a label on the view's viewport, shown while the view's model has no rows
and hidden (never in the way) once there are some.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel


class EmptyHint(QObject):
    def __init__(self, view: QAbstractItemView, text: str):
        super().__init__(view)
        self.view = view
        self.label = QLabel(text, view.viewport())
        self.label.setObjectName("emptyHint")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setStyleSheet("color: palette(placeholder-text); padding: 24px;")
        view.viewport().installEventFilter(self)
        self._model = None
        self._watch()
        self.update()

    def set_text(self, text: str) -> None:
        self.label.setText(text)

    def _watch(self) -> None:
        model = self.view.model()
        if model is self._model or model is None:
            return
        self._model = model
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.layoutChanged):
            signal.connect(self.update)

    def update(self, *_args) -> None:
        if not shiboken6.isValid(self.view) or not shiboken6.isValid(self.label):
            return  # the view is being destroyed (a model clears itself on the way out)
        self._watch()
        model = self.view.model()
        empty = model is None or model.rowCount() == 0
        self.label.setVisible(empty)
        if empty:
            self.label.setGeometry(self.view.viewport().rect())

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self.label.setGeometry(self.view.viewport().rect())
        return False
