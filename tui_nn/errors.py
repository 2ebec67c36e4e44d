"""The one exception type for mistakes a user can make.

Its message is meant for a person: what is wrong, where (file, row, column, key or
value) and what to do. The CLI prints it on one line and exits 2; the app shows it as a
notification and keeps its state.
"""


class TuiNNError(Exception):
    """A problem caused by the user's input, with a message meant for a person."""
