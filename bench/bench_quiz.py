"""Time wanted.checking: microseconds per check, per question type (not run by the tests).

    python bench/bench_quiz.py            # or: make bench

Each line: the type, the kind of response, and the best of 5 timeit runs per
call. The budget is 1000 µs per check (tests/test_checking.py asserts it); a
laptop does each in a few µs.
"""

import json
import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wanted.checking import check, parse_number  # noqa: E402

EXAMPLE = json.loads((ROOT / "schemas" / "quiz.example.json").read_text(encoding="utf-8"))
BY_TYPE = {}
for question in EXAMPLE["questions"]:
    BY_TYPE.setdefault(question["type"], question)


def cases():
    mc, many, num = BY_TYPE["multiple_choice"], BY_TYPE["many_choice"], BY_TYPE["numeric"]
    order, match = BY_TYPE["ordering"], BY_TYPE["matching"]
    rights = [p["right"] for p in match["pairs"]]
    yield "multiple_choice", "right (index)", mc, 1
    yield "multiple_choice", "option text", mc, mc["answers"][0]["answer"]
    yield "multiple_choice", "bad type", mc, object()
    yield "many_choice", "right", many, [0, 1]
    yield "many_choice", "texts", many, [a["answer"] for a in many["answers"]]
    yield "numeric", "95 %", num, "95 %"
    yield "numeric", "1e2", num, "1e2"
    yield "numeric", "1,000", num, "1,000"
    yield "numeric", "10,000 chars", num, "x" * 10_000
    yield "ordering", "right", order, order["items"]
    yield "ordering", "repeated item", order, [order["items"][0]] * len(order["items"])
    yield "matching", "right (list)", match, rights
    yield "matching", "wrong (dict)", match, {p["left"]: rights[0] for p in match["pairs"]}


def main() -> None:
    print(f"{'type':<16} {'response':<16} {'µs/check':>9}")
    for kind, label, question, response in cases():
        number = 2000
        best = min(timeit.repeat(lambda: check(question, response), number=number, repeat=5)) / number
        print(f"{kind:<16} {label:<16} {best * 1e6:9.1f}")
    best = min(timeit.repeat(lambda: parse_number("95,0 %", "%"), number=2000, repeat=5)) / 2000
    print(f"{'parse_number':<16} {'95,0 %':<16} {best * 1e6:9.1f}")


if __name__ == "__main__":
    main()
