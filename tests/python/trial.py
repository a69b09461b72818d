"""One runtime of a trial (``cargo xtask suite``, ``cargo xtask fuzz-contracts``).

Every document of a corpus through an installed generated package. Writes one
line per document: its verdict, and the dump of an accepted one; an exception
that is not ``EventValidationError`` is a crash.

Usage: python tests/python/trial.py MODULE CORPUS.jsonl OUT.jsonl
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import traceback
from typing import Any

import pydantic


def main(module: str, corpus: str, out: str) -> None:
    package = importlib.import_module(module)
    # Models build their schemas on first use; build every one now, so a
    # model pydantic cannot build fails here even when no document reaches it.
    models = importlib.import_module(f"{module}.models")
    names = [models.__name__] + [f"{models.__name__}.{m.name}" for m in pkgutil.iter_modules(models.__path__)]
    for name in names:
        for value in vars(importlib.import_module(name)).values():
            if isinstance(value, type) and issubclass(value, pydantic.BaseModel) and value.__module__ == name:
                value.model_rebuild(force=True)
    results: list[dict[str, Any]] = []
    with open(corpus, encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)["doc"]
            try:
                event = package.parse_event(json.dumps(doc, ensure_ascii=False))
                package.validate_event(event)
                results.append({"valid": True, "dump": json.loads(package.dump_event(event))})
            except package.EventValidationError as error:
                violations = [[v.pointer, v.keyword, v.message] for v in getattr(error, "violations", [])]
                results.append({"valid": False, "error": str(error), "violations": violations})
            except Exception:  # noqa: BLE001 - any other exception is the finding
                results.append({"valid": False, "crash": traceback.format_exc(limit=3)})
    with open(out, "w", encoding="utf-8") as sink:
        sink.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in results)


if __name__ == "__main__":
    main(*sys.argv[1:4])
