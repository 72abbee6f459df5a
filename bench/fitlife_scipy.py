#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# The SciPy side of bench/bench-fitlife: the same spectra and lives, fitted
# with scipy.optimize.curve_fit (MINPACK LM, analytic Jacobian) and with
# scipy.optimize.minimize (BFGS, analytic gradient) on the censored Weibull
# log-likelihood; prints the times and the ratios to wbgkit's.
# usage: fitlife_scipy.py DIR NSPECTRA C_SECONDS_PER_SPECTRUM C_SECONDS_PER_MLE
import sys
import time

import numpy as np
from scipy import optimize

d, nspec, c_spec, c_life = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
raw = np.fromfile(d + "/spectra.bin", dtype=np.float64)
x = raw[:1024]
ys = raw[1024:].reshape(nspec, 1024)
C = 2 * np.sqrt(2 * np.log(2))


def model(x, b, a, c, w):
    s = w / C
    return b + a / (s * np.sqrt(2 * np.pi)) * np.exp(-0.5 * ((x - c) / s) ** 2)


def jac(x, b, a, c, w):
    s = w / C
    g = np.exp(-0.5 * ((x - c) / s) ** 2) / (s * np.sqrt(2 * np.pi))
    J = np.empty((x.size, 4))
    J[:, 0] = 1
    J[:, 1] = g
    J[:, 2] = a * g * (x - c) / s ** 2
    J[:, 3] = a * g * ((x - c) ** 2 / s ** 3 - 1 / s) / C
    return J


def start(y):
    # The same kind of start as wbgkit's: baseline at the minimum, the highest point, half-height width.
    b0 = y.min()
    k = int(np.argmax(y))
    h = y[k] - b0
    above = np.nonzero(y - b0 > 0.5 * h)[0]
    w0 = max(x[above[-1]] - x[above[0]], 3 * (x[1] - x[0]))
    return [b0, h * w0 * np.sqrt(2 * np.pi) / C, x[k], w0]


def run(use_jac, rows):
    t0 = time.process_time()
    tot = 0.0
    ps = []
    for y in ys[rows]:
        p, _ = optimize.curve_fit(model, x, y, p0=start(y), jac=jac if use_jac else None)
        tot += p[2]
        ps.append(p)
    return (time.process_time() - t0) / len(ps), tot, np.array(ps)


# All spectra once (the parameters to compare), then the best of five runs
# of up to 100 (CPU time), as the C side does with its runs.
_, tot, ps = run(True, slice(0, nspec))
blk = min(100, nspec)
py_spec = min(run(True, slice((r * blk) % nspec, (r * blk) % nspec + blk))[0] for r in range(5))
py_spec_fd = min(run(False, slice((r * blk) % nspec, (r * blk) % nspec + blk))[0] for r in range(3))
# Do both converge to the same answers? Compare with wbgkit's parameters.
wp = np.fromfile(d + "/wbg_params.bin", dtype=np.float64).reshape(nspec, 4)
rel = np.abs(wp - ps) / np.abs(ps)
print("agreement wbgkit vs SciPy over %d spectra: max relative difference baseline %.2g, area %.2g, "
      "centre %.2g, FWHM %.2g" % (nspec, rel[:, 0].max(), rel[:, 1].max(), rel[:, 2].max(), rel[:, 3].max()))
# Which side is nearer the minimum? Refit the worst spectrum to the limit of precision.
k = int(np.argmax(rel.max(axis=1)))
tight, _ = optimize.curve_fit(model, x, ys[k], p0=ps[k], jac=jac, ftol=1e-15, xtol=1e-15, gtol=1e-15)
print("  worst spectrum %d, distance to a fit at ftol=xtol=gtol=1e-15 (max relative): wbgkit %.2g, SciPy %.2g"
      % (k, np.max(np.abs(wp[k] - tight) / np.abs(tight)), np.max(np.abs(ps[k] - tight) / np.abs(tight))))

lv = np.loadtxt(d + "/lives.csv", delimiter=",")
t, fail = lv[:, 0], lv[:, 1] == 1
lt = np.log(t)


def nll(th):
    mu, s = th[0], np.exp(th[1])
    z = (lt - mu) / s
    ez = np.exp(z)
    return -(np.sum(z[fail] - ez[fail] - th[1] - lt[fail]) - np.sum(ez[~fail]))


def grad(th):
    mu, s = th[0], np.exp(th[1])
    z = (lt - mu) / s
    ez = np.exp(z)
    gz = np.where(fail, 1 - ez, -ez)  # d l_i / dz
    return -np.array([np.sum(-gz / s), np.sum(-gz * z) - np.sum(fail)])


reps = 5
t0 = time.process_time()
for _ in range(reps):
    r = optimize.minimize(nll, [lt[fail].mean(), np.log(lt[fail].std())], jac=grad, method="BFGS",
                          options={"gtol": 1e-8})
py_life = (time.process_time() - t0) / reps
print("SciPy   Gaussian+baseline fit: %9.1f us per spectrum with the analytic Jacobian, %.1f us with "
      "curve_fit's default finite differences (first %d spectra, mean centre %.6f)"
      % (py_spec * 1e6, py_spec_fd * 1e6, nspec, tot / nspec))
print("SciPy   Weibull MLE (censored): %9.3f ms  beta %.6f eta %.3f" % (py_life * 1e3, 1 / np.exp(r.x[1]), np.exp(r.x[0])))
print("ratio SciPy / wbgkit (CPU time per fit): spectra %.1fx (analytic Jacobian on both sides), "
      "%.1fx (SciPy default Jacobian); Weibull MLE %.1fx" % (py_spec / c_spec, py_spec_fd / c_spec, py_life / c_life))
