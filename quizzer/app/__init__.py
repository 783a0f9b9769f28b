"""The Textual app (a face): imported only when `quizzer` runs with no command."""


def run() -> int:
    """Start the app; returns the exit code (1, with one line on stderr, when the progress store cannot open)."""
    import sys

    from quizzer.app.app import QuizzerApp

    try:
        app = QuizzerApp()
    except OSError as exc:  # the store's StoreError too; before the terminal is taken over: a plain message is enough
        print(f"quizzer: cannot open the progress store: {exc}", file=sys.stderr)
        return 1
    app.run()
    return 0
