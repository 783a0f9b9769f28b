"""`python -m quizzer` runs the same entry point as the console script."""

from quizzer.cli import entry

entry()
