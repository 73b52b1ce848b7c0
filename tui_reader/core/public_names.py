"""Public modules whose names load when first used (PEP 562): `core.library.api`, `core.search.api`.

Such a module lists each public name with the module of its package that defines it; looking a
name up the first time imports that module alone and keeps the value in the public module, so
later look-ups cost nothing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def names_loaded_when_used(
    public: str, homes: dict[str, str], namespace: dict[str, Any]
) -> Callable[[str], Any]:
    """The `__getattr__` of the public module `public` (its `__name__`; `namespace`, its
    `globals()`): a name of `homes` from its module of the same package (a module named as the
    name: the module itself)."""
    package = public.rpartition(".")[0]

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {public!r} has no attribute {name!r}")
        module = importlib.import_module(f"{package}.{home}")
        value = module if home == name else getattr(module, name)
        namespace[name] = value
        return value

    return __getattr__
