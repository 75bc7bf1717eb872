"""The README's command-line examples run exactly as written, in order, in an empty folder.

Every ```sh block preceded by `<!-- readme-test -->` is run line by line with the
virtualenv's commands on PATH, as the README tells a new user to. The only changes
are the placeholders the README itself explains (TOKEN, TASK_ID, SCHEDULE_ID, FILE_ID),
filled from what earlier lines printed, and the relay's port (8765 in the README),
replaced by a free one so the test cannot collide with anything on the machine.
A line passes when it exits 0 and writes no traceback; a few lines are also checked
for the result the README promises.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

from tests.client_kit import free_port

ROOT = Path(__file__).resolve().parents[2]
MARK = "<!-- readme-test -->"


def _tested_blocks(text: str) -> list[list[str]]:
    blocks, lines, marked, inside = [], [], False, False
    for line in text.splitlines():
        if inside:
            if line.startswith("```"):
                blocks.append(lines)
                lines, inside = [], False
            elif line.strip():
                lines.append(line)
        elif line.strip() == MARK:
            marked = True
        elif line.startswith("```sh") and marked:
            inside, marked = True, False
        elif line.strip():
            marked = False
    return blocks


class Session:
    def __init__(self, cwd: Path, port: int):
        self.cwd, self.port = cwd, port
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("BEACON_")}
        self.env.update(
            HOME=str(cwd / "home"), XDG_DATA_HOME=str(cwd / "home" / ".local" / "share"),
            XDG_STATE_HOME=str(cwd / "home" / ".local" / "state"),
            PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",  # never the developer's keychain
        )
        self.values: dict[str, str] = {}
        self.background: list[subprocess.Popen] = []
        self.outputs: list[tuple[str, str]] = []

    def run(self, line: str) -> str:
        for name, value in self.values.items():
            line = line.replace(name, value)
        line = line.replace("127.0.0.1:8765", f"127.0.0.1:{self.port}")
        words = shlex.split(line, comments=True)  # knows quoting: '#general' is not a comment
        if words[0] == "export":
            for assignment in words[1:]:
                key, _, value = assignment.partition("=")
                self.env[key] = value
            return ""
        if words[-1] == "&":
            words = words[:-1] + (["--port", str(self.port)] if words[:2] == ["beacon-relay", "serve"] else [])
            proc = subprocess.Popen(words, cwd=self.cwd, env=self.env, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
            self.background.append(proc)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:  # `serve` prints `listening URL` once it accepts
                out = proc.stdout.readline()
                if out.startswith("listening "):
                    return out
                assert proc.poll() is None, f"{line!r} exited: {proc.stderr.read()}"
            raise AssertionError(f"{line!r} never said it was listening")
        result = subprocess.run(["bash", "-c", line], cwd=self.cwd, env=self.env,
                                capture_output=True, text=True, timeout=120)
        self.outputs.append((line, result.stdout))
        assert result.returncode == 0, f"{line!r} exited {result.returncode}:\n{result.stdout}{result.stderr}"
        assert "Traceback" not in result.stderr, f"{line!r}:\n{result.stderr}"
        return result.stdout

    def close(self):
        for proc in self.background:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
            for stream in (proc.stdout, proc.stderr):
                stream.close()


def _learn(session: Session, line: str, out: str) -> None:
    if "add-user alice" in line:
        session.values["TOKEN"] = out.strip().splitlines()[-1]
    if found := re.search(r"^(T\d+)\s", out, re.M):
        session.values.setdefault("TASK_ID", found.group(1))
    if "--at" in line and (found := re.search(r"\(id ([0-9a-f-]{36})\)", out)):
        session.values["SCHEDULE_ID"] = found.group(1)
    if " files " in line and (found := re.search(r"^(\d+)\s+report\.pdf", out, re.M)):
        session.values["FILE_ID"] = found.group(1)


def test_readme_cli_examples_run_as_written(tmp_path):
    blocks = _tested_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 4, "the README's command-line sections lost their readme-test marks"
    (tmp_path / "home" / "Downloads").mkdir(parents=True)
    # The files the upload example names, as a user would have them.
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4 quarterly report\n")
    (tmp_path / "slides.pptx").write_bytes(b"PK slides")
    session = Session(tmp_path, free_port())
    try:
        for block in blocks:
            for line in block:
                out = session.run(line)
                _learn(session, line, out)
    finally:
        session.close()
    printed = {line.split("#")[0].strip(): out for line, out in session.outputs}

    def output_of(prefix: str) -> str:
        return next(out for line, out in printed.items() if line.startswith(prefix))

    assert "明天的会议改到十点" in output_of("beacon --profile ./alice search 会议")
    assert "Alice 李" in output_of("beacon --profile ./alice read general")
    assert "Release notes" in output_of("beacon --profile ./alice tasks general")
    assert "report.pdf" in output_of("beacon --profile ./alice files general")
    saved = tmp_path / "home" / "Downloads" / "report.pdf"
    assert saved.read_bytes() == (tmp_path / "report.pdf").read_bytes()
    assert {"TOKEN", "TASK_ID", "SCHEDULE_ID", "FILE_ID"} <= session.values.keys()
