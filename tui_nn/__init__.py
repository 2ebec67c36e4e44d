"""tui-nn: build, train and look inside small neural networks on tabular data, in the terminal."""

__version__ = "0.1.0"
