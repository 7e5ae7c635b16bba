"""Run every benchmark module in this package, or those named: python -m benchmarks [NAME ...]."""

import importlib
import pkgutil
import sys

import benchmarks


def main(names: list[str]) -> None:
    available = sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name[0] != "_"
    )
    for name in names or available:
        print(f"== {name}", flush=True)
        importlib.import_module(f"benchmarks.{name}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
