"""The app's screens, one per file: home, browser, question, answer, review, help
(and, from the coding-screen side: coding, verdict, mock, stats).

Screens import the heavier parts they need (the bank, rendering, fsrs) lazily, inside
the action that needs them, so the home screen paints fast.
"""
