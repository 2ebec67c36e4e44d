"""The guided lesson: the lecture "Introduction to Deep Learning", one live step at a time.

`LessonScreen` shows the steps (their numbers come from `tui_nn.lecture`); `open_lesson(app)`
pushes it over the app and, when the user leaves a step into the full app, hands that
step's data, layers, settings and weights to the app (`handoff.apply_state`).
"""

from tui_nn.tui.lesson.handoff import apply_state, open_lesson
from tui_nn.tui.lesson.screen import LessonScreen

__all__ = ["LessonScreen", "apply_state", "open_lesson"]
