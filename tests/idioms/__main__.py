"""``python -m tests.idioms``: how much of the natural-program corpus ssc compiles and gets right.

From the repository root, with ssc installed::

    python -m tests.idioms                    # the figures: share per corpus, refusal reasons ranked
    python -m tests.idioms --programs         # ... and one line per program
    python -m tests.idioms --update-golden    # rewrite NAME.out.jsonl from CPython (checked under 2 hash seeds)
    python -m tests.idioms --update-manifest  # rewrite refused.txt and wrong.txt from today's verdicts

The share is the programs that compile unedited and give CPython's output,
record by record, over all programs of the corpus (issues 16 and 17 set
the goal at 90%). A refusal reason is a compile error's message with the
names in it replaced by '…' (the names are counted beside it), ranked by
how many programs hit it: first by each program's first error (what a
user meets on the first compile), then by every error ``ssc check``
reports (what it takes to get the program through), then over the
programs whose errors all have one reason. ``ssc check`` does not look
inside an entry function that lacks its return annotation, so behind that
reason more may hide.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field

from .corpus import (CORPORA, LANGUAGE_IMPORTS, REFUSED, SINCE_PYTHON, WRONG, Program, Verdict, check_cpython,
                     imported_modules, judge, misplaced, programs, read_manifest, write_golden, write_manifest)

#: A quoted name in a compile error: 'map', 'import re', 'collections'.
_QUOTED = re.compile(r"'([^']*)'")

#: What an error in a helper typed by its calls adds: the call its copy was made for (check/generics.py).
_CALLED = re.compile(r" \(in '[^']*' as called( on line \d+)? with \(.*\)\)$")

#: Marks a wrong.txt entry that --update-manifest added and nobody has diagnosed yet.
UNDIAGNOSED = "(undiagnosed) "


def reason_of(message: str) -> tuple[str, list[str]]:
    """A compile error's message without its names, and the names: ("parameter '…' needs ...", ["obj"]).

    The hint after the message's first example ("e.g. ...") is dropped, as it repeats the name, and so is the
    call a helper's copy was made for ("(in 'f' as called on line 8 with (int))").
    """
    message = _CALLED.sub("", message.split(", e.g. ")[0])
    return _QUOTED.sub("'…'", message), _QUOTED.findall(message)


@dataclass
class Reason:
    """One refusal reason: the programs that hit it and the names it was hit with."""

    text: str
    programs: set[str] = field(default_factory=set)
    names: Counter[str] = field(default_factory=Counter)


def rank(messages: dict[str, list[str]]) -> list[Reason]:
    """Reasons ranked by how many programs hit them, from ``{program: [error message, ...]}``."""
    reasons: dict[str, Reason] = {}
    for program, program_messages in messages.items():
        for message in program_messages:
            text, names = reason_of(message)
            reason = reasons.setdefault(text, Reason(text))
            reason.programs.add(program)
            reason.names.update(names[:1])
    return sorted(reasons.values(), key=lambda r: (-len(r.programs), r.text))


def print_reasons(title: str, reasons: list[Reason]) -> None:
    print(f"\n{title}")
    print(f"  {'programs':>8}  reason [the name it was hit with: count]")
    for reason in reasons:
        names = ", ".join(f"{name} {count}" if count > 1 else name for name, count in reason.names.most_common(8))
        more = len(reason.names) - 8
        names += f", +{more} more" if more > 0 else ""
        print(f"  {len(reason.programs):>8}  {reason.text}" + (f"  [{names}]" if names else ""))


def print_shares(verdicts: list[Verdict]) -> None:
    print("Share of the natural-program corpus that compiles unedited and matches CPython record by record")
    print(f"  {'corpus':<10} {'programs':>8} {'match':>6} {'refused':>8} {'wrong':>6} {'share':>7}")
    for corpus in (*CORPORA, None):
        chosen = [v for v in verdicts if corpus is None or v.program.corpus == corpus]
        counts = Counter(v.status for v in chosen)
        share = 100 * counts["match"] / len(chosen) if chosen else 0.0
        print(f"  {corpus or 'all':<10} {len(chosen):>8} {counts['match']:>6} {counts['refused']:>8} "
              f"{counts['wrong']:>6} {share:>6.1f}%")


def print_imports(verdicts: list[Verdict]) -> None:
    """Issue 17's view: each stdlib module the stdlib corpus imports, and the verdicts of its programs."""
    modules: dict[str, Counter[str]] = {}
    for verdict in verdicts:
        if verdict.program.corpus == "stdlib":
            for module in imported_modules(verdict.program.source()) - LANGUAGE_IMPORTS:
                modules.setdefault(module, Counter())[verdict.status] += 1
    print("\nStdlib modules, by the number of stdlib programs that import them (match/refused/wrong):")
    ranked = sorted(modules.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    print("  " + ", ".join(f"{module} {sum(c.values())} ({c['match']}/{c['refused']}/{c['wrong']})"
                           for module, c in ranked))


def print_manifest_state(verdicts: list[Verdict]) -> None:
    refused, wrong = read_manifest(REFUSED), read_manifest(WRONG)
    stale = [v.program.name for v in verdicts if misplaced(v, refused, wrong) is not None
             or (v.status == "refused" and refused[v.program.name] != v.detail)]
    print("\nWrong output or crash (wrong.txt: bugs to fix):")
    for verdict in verdicts:
        if verdict.status == "wrong":
            print(f"  {verdict.program}: {wrong.get(verdict.program.name, verdict.detail)}")
    if stale:
        print(f"\nrefused.txt/wrong.txt are stale for {len(stale)} program(s): {', '.join(stale[:10])}"
              f"{' ...' if len(stale) > 10 else ''}\n  (python -m tests.idioms --update-manifest, then review)")
    else:
        print("\nrefused.txt and wrong.txt are up to date.")


def report(verdicts: list[Verdict], per_program: bool) -> None:
    print_shares(verdicts)
    refused = [v for v in verdicts if v.status == "refused"]
    print_reasons("Refusal reasons, by each program's first compile error:",
                  rank({v.program.name: [v.detail.split(": ", 1)[1]] for v in refused}))
    print_reasons("Refusal reasons, by every error `ssc check` reports (a program counts once per reason):",
                  rank({v.program.name: v.errors for v in refused}))
    single = {v.program.name: v.errors for v in refused if len({reason_of(e)[0] for e in v.errors}) == 1}
    print_reasons("Programs refused for one reason only, as far as `ssc check` sees (it does not look inside "
                  "an entry function without a return annotation):", rank(single))
    print_imports(verdicts)
    print_manifest_state(verdicts)
    if per_program:
        print("\nPrograms:")
        for verdict in verdicts:
            print(f"  {verdict.status:<8} {verdict.program}  {verdict.detail}")


def update_manifest(verdicts: list[Verdict]) -> None:
    """Rewrite both manifests; a diagnosis already in wrong.txt is kept, a new entry is marked undiagnosed."""
    old_wrong = read_manifest(WRONG)
    write_manifest(REFUSED, {v.program.name: v.detail for v in verdicts if v.status == "refused"})
    write_manifest(WRONG, {v.program.name: old_wrong.get(v.program.name, UNDIAGNOSED + v.detail)
                           for v in verdicts if v.status == "wrong"})
    print(f"wrote {REFUSED.name} and {WRONG.name}; diagnose each entry marked {UNDIAGNOSED.strip()}")


def update_golden(chosen: list[Program]) -> int:
    """Write the golden outputs from CPython, then check them again under another hash seed."""
    for program in chosen:
        output = write_golden(program)
        print(f"wrote {program.expect_path.name}: {len(output.records)} records"
              + (f" and the error {output.error.hint!r}" if output.error else ""))
    env = {**os.environ, "PYTHONHASHSEED": "4321"}
    names = [p.name for p in chosen]
    return subprocess.call([sys.executable, "-m", "tests.idioms", "--check-golden", *names], env=env)


def check_golden(chosen: list[Program]) -> int:
    older = [p for p in chosen if sys.version_info < SINCE_PYTHON.get(p.name, ((3, 0), ""))[0]]
    for program in older:
        print(f"{program}: not checked on this CPython: {SINCE_PYTHON[program.name][1]}")
    chosen = [p for p in chosen if p not in older]
    failures = [failure for failure in map(check_cpython, chosen) if failure is not None]
    for failure in failures:
        print(failure)
    print(f"{len(chosen) - len(failures)} of {len(chosen)} golden outputs are CPython's "
          f"(PYTHONHASHSEED={os.environ.get('PYTHONHASHSEED', 'random')})")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.idioms", description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="programs (CORPUS/NAME) to work on; default: all")
    parser.add_argument("--programs", action="store_true", help="also list each program's verdict")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--update-golden", action="store_true", help="rewrite NAME.out.jsonl from CPython")
    action.add_argument("--check-golden", action="store_true", help="check NAME.out.jsonl against CPython")
    action.add_argument("--update-manifest", action="store_true", help="rewrite refused.txt and wrong.txt")
    args = parser.parse_args(argv)
    chosen = [p for p in programs() if not args.names or p.name in args.names]
    unknown = set(args.names) - {p.name for p in chosen}
    if unknown:
        parser.error(f"no such program: {', '.join(sorted(unknown))}")
    if args.update_golden:
        return update_golden(chosen)
    if args.check_golden:
        return check_golden(chosen)
    verdicts = [judge(program) for program in chosen]
    if args.update_manifest:
        if args.names:
            parser.error("--update-manifest works on the whole corpus")
        update_manifest(verdicts)
        return 0
    report(verdicts, args.programs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
