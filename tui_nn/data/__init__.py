"""The data layer: read a table, check it, encode it for a network, split it.

    load_dataset(source, target=..., features=..., ...) -> Dataset   (x/y arrays + Schema + notes)
    builtin_datasets() -> list[BuiltinInfo]                           (the bundled tables)
    resolve_source(name_or_path) -> Path

`import tui_nn.data` is cheap: polars is imported only inside the functions that read files.
"""

from tui_nn.data.builtin import BuiltinInfo, builtin_datasets, resolve_source
from tui_nn.data.dataset import Dataset, load_dataset
from tui_nn.data.schema import Schema

__all__ = ["BuiltinInfo", "Dataset", "Schema", "builtin_datasets", "load_dataset", "resolve_source"]
