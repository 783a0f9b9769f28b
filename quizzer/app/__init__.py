"""The Textual app (a face): imported only when `quizzer` runs with no command."""


def run() -> int:
    """Start the app; returns the exit code."""
    from quizzer.app.app import QuizzerApp

    QuizzerApp().run()
    return 0
