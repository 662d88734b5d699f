"""python -m labs validate [PATH] | list | solve SLUG [--wrong] [-v]"""
from __future__ import annotations

import argparse
import sys

from labs import catalogue, playing, validation


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m labs", description="Kubelab's labs: validate, list, solve.")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check lab.yaml files; print file:line: problem; exit 1 on any")
    v.add_argument("path", nargs="?", help="a lab folder or a folder of labs (default: every lab)")
    sub.add_parser("list", help="list the labs")
    s = sub.add_parser("solve", help="play a lab's reference solution on a fresh cluster and print the score per step")
    s.add_argument("slug")
    s.add_argument("--wrong", action="store_true", help="play the lab's wrong path instead")
    s.add_argument("-v", "--verbose", action="store_true", help="print each command and its output")
    args = parser.parse_args(argv)

    if args.command == "validate":
        problems = validation.validate(args.path)
        for p in problems:
            print(p)
        n = len(validation.lab_folders(args.path)) if not problems or args.path is None else None
        if problems:
            print(f"{len(problems)} problem(s)", file=sys.stderr)
            return 1
        print(f"{n} lab(s) valid")
        return 0
    if args.command == "list":
        for lab in catalogue.all_labs():
            print(f"{lab.slug:<36} {lab.minutes:>3} min  {lab.difficulty:<12} {len(lab.steps)} steps  {lab.title}")
        return 0
    try:
        lab = catalogue.load(args.slug)
    except catalogue.LabNotFound as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    t = playing.play(lab, lab.wrong_path if args.wrong else lab.solution)
    if args.verbose:
        for line, text, code in t.lines:
            print(f"$ {line}")
            sys.stdout.write(text)
            if code:
                print(f"[exit {code}]")
    print(f"{lab.slug}: {lab.title}")
    sys.stdout.write(playing.report(t.progress))
    if t.cluster.bugs:
        print("simulation bugs:", *t.cluster.bugs, sep="\n  ")
    return 0 if (t.progress.complete or args.wrong) else 1


if __name__ == "__main__":
    sys.exit(main())
