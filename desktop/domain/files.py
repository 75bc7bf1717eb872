"""Rules about shared files with no I/O: type categories, size text, transfer rate."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("image", "document", "spreadsheet", "presentation", "archive", "video", "audio", "other")

_EXT = {
    "image": {"png", "jpg", "jpeg", "gif", "webp", "bmp", "svg", "tif", "tiff", "heic"},
    "document": {"pdf", "doc", "docx", "odt", "rtf", "txt", "md", "pages"},
    "spreadsheet": {"xls", "xlsx", "ods", "csv", "tsv", "numbers"},
    "presentation": {"ppt", "pptx", "odp", "key"},
    "archive": {"zip", "tar", "gz", "tgz", "bz2", "xz", "7z", "rar", "zst"},
    "video": {"mp4", "mov", "mkv", "webm", "avi", "m4v"},
    "audio": {"mp3", "wav", "m4a", "flac", "ogg", "opus", "aac"},
}
# Images we decode for previews ourselves (never SVG: it can reference outside data).
PREVIEWABLE = {"png", "jpg", "jpeg", "gif", "webp", "bmp"}


def extension(name: str) -> str:
    base, dot, ext = name.rpartition(".")
    return ext.lower() if dot and base else ""


def kind_of(name: str, mime: str = "") -> str:
    ext = extension(name)
    for kind, exts in _EXT.items():
        if ext in exts:
            return kind
    if mime.startswith("image/"):
        return "image"
    return "other"


def previewable(name: str) -> bool:
    return extension(name) in PREVIEWABLE


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


@dataclass
class Rate:
    """Speed and time left of a transfer, smoothed (EWMA) so the numbers do not jump."""

    total: int
    alpha: float = 0.3
    speed: float = 0.0  # bytes per second
    _last: tuple[float, int] | None = field(default=None, repr=False)

    def update(self, now: float, done: int) -> None:
        if self._last is not None:
            t0, d0 = self._last
            if now - t0 >= 0.05:
                sample = (done - d0) / (now - t0)
                self.speed = sample if self.speed == 0 else self.alpha * sample + (1 - self.alpha) * self.speed
                self._last = (now, done)
        else:
            self._last = (now, done)
        self.done = done

    def seconds_left(self) -> float | None:
        done = getattr(self, "done", 0)
        if self.speed <= 0:
            return None
        return max(0.0, (self.total - done) / self.speed)
