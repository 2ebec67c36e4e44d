"""The Textual app: one screen to load data, build a network with the keyboard and watch it train.

`tui_nn.tui.app.make_app(...)` builds the app (for the CLI and the tests); `run_app(args)`
runs it and returns the exit code. The app drives the same engine, data layer and model
glue (`tui_nn.model`) as `tui-nn train`, so a run behaves the same in both.
"""
