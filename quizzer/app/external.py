"""Editing code in the user's own editor ($VISUAL, else $EDITOR, else vi) while the app is suspended."""

from __future__ import annotations

import os
import shlex
import subprocess


def editor_command() -> list[str]:
    """The editor as an argument list, from $VISUAL or $EDITOR (which may carry options)."""
    raw = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    command = shlex.split(raw)
    if not command:
        raise ValueError("$VISUAL/$EDITOR is empty")
    return command


def edit_in_editor(app, text: str, name: str) -> str | None:
    """Open `text` in the editor; the edited text, or None when nothing changed.

    The file lives in QUIZZER_HOME (nothing is written elsewhere) and is removed
    afterwards. The terminal is handed to the editor with `app.suspend()`; where
    the app cannot be suspended (headless or web) the editor runs without a
    terminal, which suits GUI editors (`code --wait`) and scripted ones.
    Raises OSError when the editor cannot be started or fails, ValueError for a bad $EDITOR.
    """
    from textual.app import SuspendNotSupported

    command = editor_command()
    folder = app.store.home / "edit"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / f"{name.replace('-', '_')}.py"
    target.write_text(text, encoding="utf-8")
    try:
        try:
            with app.suspend():
                code = subprocess.call([*command, str(target)])
        except SuspendNotSupported:
            code = subprocess.call([*command, str(target)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if code != 0:
            raise OSError(f"the editor {command[0]!r} exited with code {code}; the change was not taken")
        edited = target.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise OSError(f"cannot run the editor {command[0]!r}: {exc.strerror}; set $EDITOR") from None
    except UnicodeDecodeError:
        raise OSError("the edited file is not UTF-8; the change was not taken") from None
    finally:
        target.unlink(missing_ok=True)
    return None if edited == text else edited
