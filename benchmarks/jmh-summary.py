#!/usr/bin/env python3
"""Summarises JMH JSON result files (written by run-jmh.sh) for a noisy, shared machine.

For each benchmark and parameter: JMH's mean and error, then the median and the best of the
measurement iterations (other load on the machine only ever makes an iteration slower, so the best
one is the closest to what the code can do). Sample-time results also get their percentiles.
Throughput results also get the cost at 10,000 policies relative to 10 (target: at most 1.5x).

    python3 benchmarks/jmh-summary.py benchmarks/results/decide-thrpt-*.json ...
"""
import json
import statistics
import sys


def rows(path):
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 2)
        name = name[-2] + "." + name[-1]
        policies = r.get("params", {}).get("policies", "")
        pm = r["primaryMetric"]
        iters = [v for fork in pm.get("rawData", []) for v in fork]
        yield name, r["mode"], policies, pm, iters


def main(paths):
    thrpt = {}
    for path in paths:
        print(f"## {path.rsplit('/', 1)[-1]}")
        for name, mode, policies, pm, iters in rows(path):
            unit = pm["scoreUnit"]
            error = pm["scoreError"]  # "NaN" (a string) when there were too few iterations to tell
            error = f"{error:>12,.1f}" if isinstance(error, (int, float)) else f"{str(error):>12}"
            line = f"  {name:34} {mode:6} policies={policies:>6}  mean {pm['score']:>14,.1f} ± {error} {unit}"
            if mode == "sample":
                p = pm.get("scorePercentiles", {})
                line += "  p50 {:,.0f}  p90 {:,.0f}  p99 {:,.0f}  p99.9 {:,.0f}".format(
                    p.get("50.0", 0), p.get("90.0", 0), p.get("99.0", 0), p.get("99.9", 0))
            elif iters:
                best = max(iters) if mode == "thrpt" else min(iters)
                line += f"  median {statistics.median(iters):,.1f}  best {best:,.1f}"
                if mode == "thrpt":
                    thrpt[(name, policies)] = (pm["score"], statistics.median(iters), best)
            print(line)
        print()
    names = sorted({n for n, _ in thrpt})
    if names:
        print("## cost at 10,000 policies relative to 10 (ops/s at 10 / ops/s at 10,000; target <= 1.5x)")
        for n in names:
            a, b = thrpt.get((n, "10")), thrpt.get((n, "10000"))
            if a and b:
                print(f"  {n:34} by mean {a[0] / b[0]:5.2f}x   by median {a[1] / b[1]:5.2f}x   by best {a[2] / b[2]:5.2f}x"
                      f"   (best: {a[2]:,.0f} ops/s at 10, {b[2]:,.0f} at 10,000)")


if __name__ == "__main__":
    main(sys.argv[1:])
