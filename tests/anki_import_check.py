#!/usr/bin/env python3
"""Imports a `smriti export --format tsv` file with Anki's own import engine.

Usage (outside CI; needs `pip install anki`, which ships Anki's Rust backend):

    cargo run --release -- export india-japan-prelims --format tsv -o /tmp/prelims.txt
    python3 tests/anki_import_check.py /tmp/prelims.txt

Prints how many notes Anki created and fails if any row was rejected.
"""
import os
import sys
import tempfile

from anki.collection import Collection
from anki.import_export_pb2 import ImportCsvRequest


def main(path: str) -> int:
    path = os.path.abspath(path)
    with tempfile.TemporaryDirectory() as d:
        col = Collection(os.path.join(d, "check.anki2"))
        meta = col.get_csv_metadata(path=path, delimiter=None)
        meta.global_notetype.id = col.models.by_name("Basic")["id"]
        del meta.global_notetype.field_columns[:]
        meta.global_notetype.field_columns.extend([1, 2])
        meta.deck_id = 1
        log = col.import_csv(ImportCsvRequest(path=path, metadata=meta)).log
        rejected = len(log.conflicting) + len(log.empty_first_field) + len(log.missing_notetype)
        print(f"Anki imported {len(log.new)} new notes ({len(log.duplicate)} duplicates, {rejected} rejected); tags column: {meta.tags_column}")
        col.close()
        return 1 if rejected or not log.new else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
