"""The sandbox: everything that runs, or starts, untrusted submitted code.

Imports only the standard library, NumPy and its own modules, never the rest
of quizzer (bank, store, references, app): a test holds that line.
"""
