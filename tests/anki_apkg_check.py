#!/usr/bin/env python3
"""Imports an `.apkg` that `smriti export --format apkg` wrote with Anki's own import engine
(`pip install anki==26.9.3`), and prints one JSON line: notes Anki added, notes it rejected,
and each card's question, deck, type, due and FSRS state. Exits non-zero on any rejection.
tests/anki_export.rs runs it when the anki package is importable (see build.rs).

    python3 tests/anki_apkg_check.py deck.apkg
"""
import json
import os
import sys
import tempfile

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest


def main(path: str) -> int:
    path = os.path.abspath(path)
    with tempfile.TemporaryDirectory() as d:
        col = Collection(os.path.join(d, "check.anki2"))
        req = ImportAnkiPackageRequest(
            package_path=path,
            options=ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False),
        )
        log = col.import_anki_package(req).log
        rejected = (len(log.conflicting) + len(log.missing_notetype) + len(log.missing_deck)
                    + len(log.empty_first_field))
        cards = []
        for cid in col.find_cards(""):
            c = col.get_card(cid)
            ms = c.memory_state
            cards.append({
                "question": c.question(), "deck": col.decks.name(c.did),
                "notetype": c.note().note_type()["name"], "ord": c.ord, "type": c.type,
                "queue": c.queue, "due": c.due, "ivl": c.ivl,
                "stability": ms.stability if ms else None,
            })
        revlog = col.db.scalar("select count() from revlog")
        print(json.dumps({"new": len(log.new), "updated": len(log.updated),
                          "duplicate": len(log.duplicate), "rejected": rejected,
                          "revlog": revlog, "today": col.sched.today, "cards": cards}))
        col.close()
        return 1 if rejected else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
