"""An app-like process for the concurrency tests: ONE Library shared by two worker threads, as the Textual
app's workers share it, each tagging papers and then searching for what it just tagged.

Usage: python app_like_child.py PREFIX COUNT   (PAPERTUI_HOME names the library)
Prints `DONE {"pid", "tag"}` after each acknowledged tag, `FAIL <why>` for anything wrong, and `END` last.
"""

from __future__ import annotations

import json
import sys
import threading

from papertui.library import Library


def main(prefix: str, count: int) -> None:
    lib = Library()
    ids = lib.browse()
    out = threading.Lock()

    def say(line: str) -> None:
        with out:
            print(line, flush=True)

    def worker(n: int) -> None:
        for i in range(count):
            tag = f"{prefix}{n}x{i}"
            pid = ids[(i * 7 + n) % len(ids)]
            try:
                lib.tag([pid], [tag])
                say("DONE " + json.dumps({"pid": pid, "tag": tag}))
                found = {h.id for h in lib.search(f'tag:"{tag}"').hits}
            except Exception as exc:  # reported to the test, which fails on any
                say(f"FAIL {type(exc).__name__}: {exc}")
                continue
            if pid not in found:
                say(f"FAIL search tag:{tag} right after tagging did not find {pid}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lib.close()
    say("END")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
