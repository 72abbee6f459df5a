#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The maximum-gm threshold voltage of bench/bench-vth, in NumPy, on the same
curves: the tangent at the point of maximum gm, gm by second-order differences
(numpy.gradient with edge_order=2 uses the same three-point weights as
wbg_gm), Vth = Vgs_j - Id_j/gm_j.

usage: bench/vth_numpy.py PREFIX   (the files bench/bench-vth wrote)
Times two NumPy styles: vectorized over the whole 2-D array at once, and one
curve at a time (as a script over a file per device would); compares with the
C results and prints the ratio of times."""
import sys
import time

import numpy as np

POINTS = 201


def vth_one(v, i):
    gm = np.gradient(i, v, edge_order=2)
    j = int(np.argmax(gm))
    return v[j] - i[j] / gm[j]


def main():
    prefix = sys.argv[1]
    raw = np.fromfile(prefix + ".bin", dtype=np.float64)
    v = raw[:POINTS]
    ids = raw[POINTS:].reshape(-1, POINTS)
    c_vth = np.fromfile(prefix + ".vth", dtype=np.float64)
    c_single, c_many = (float(x) for x in np.fromfile(prefix + ".time", dtype=np.float64)[:2])
    n = ids.shape[0]

    # Best of 5 for the vectorized form (as timeit advises on a shared
    # machine); the curve-by-curve loop takes seconds, so it runs once.
    t_vec = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        gm = np.gradient(ids, v, axis=1, edge_order=2)
        j = np.argmax(gm, axis=1)
        rows = np.arange(n)
        vec = v[j] - ids[rows, j] / gm[rows, j]
        t_vec = min(t_vec, time.perf_counter() - t0)
        del gm

    t0 = time.perf_counter()
    loop = np.empty(n)
    for k in range(n):
        loop[k] = vth_one(v, ids[k])
    t_loop = time.perf_counter() - t0

    dv = max(float(np.max(np.abs(vec - c_vth))), float(np.max(np.abs(loop - c_vth))))
    print(f"numpy {np.__version__}: vectorized {t_vec:.3f} s (best of 5), per curve "
          f"{t_loop:.3f} s "
          f"({n} curves); max |Vth(numpy) - Vth(C)| = {dv:.2e} V")
    print(f"C, one core, each result with its uncertainty: wbg_vth_extract_many {c_many:.3f} s, "
          f"wbg_vth_extract per curve {c_single:.3f} s (best of 20 and 5)")
    print(f"ratio NumPy vectorized / C batch: {t_vec / c_many:.1f}x; "
          f"NumPy per curve / C per curve: {t_loop / c_single:.1f}x")
    if dv > 1e-9:
        print("MISMATCH: the two implementations disagree", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
