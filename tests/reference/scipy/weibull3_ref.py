#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Independent reference values for the 3-parameter Weibull test in
# tests/unit/test_life.c, from SciPy 1.10 (Debian python3-scipy): the
# log-likelihood of t - gamma written here from the textbook density,
# maximised over (mu, ln sigma, gamma) with scipy.optimize.minimize
# (Nelder-Mead, then Powell), covariance by central differences.
# Data: 15 lives t_i = 500 + 1000 (-ln(1 - (i - 0.3)/15.4))^(1/2.5)
# (1 + 0.05 sin(3.1 i)), i = 1..15, the last three suspended at 1800 h.
import numpy as np
from scipy import optimize

i = np.arange(1, 16)
t = 500 + 1000 * (-np.log(1 - (i - 0.3) / 15.4)) ** (1 / 2.5) * (1 + 0.05 * np.sin(3.1 * i))
fail = np.ones(15, bool)
t = np.sort(t)
t[12:] = 1800.0
fail[12:] = False
np.set_printoptions(precision=17)
print("times", ", ".join("%.17g" % v for v in t[:12]))


def ll(mu, s, g):
    if s <= 0 or g >= t[fail].min():
        return -np.inf
    y = np.log(t - g)
    z = (y - mu) / s
    return np.sum(np.where(fail, z - np.exp(z) - np.log(s) - y, -np.exp(z)))


f = lambda p: -ll(p[0], np.exp(p[1]), p[2])
r = optimize.minimize(f, [6.9, -1.0, 400.0], method="Nelder-Mead",
                      options={"xatol": 1e-11, "fatol": 1e-13, "maxiter": 100000, "maxfev": 100000})
r = optimize.minimize(f, r.x, method="Powell", options={"xtol": 1e-12, "ftol": 1e-15, "maxiter": 100000})
r = optimize.minimize(f, r.x, method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-15, "maxiter": 100000})
mu, s, g = r.x[0], np.exp(r.x[1]), r.x[2]
x = np.array([mu, s, g])
h = np.array([1e-4, 1e-4 * s, 1e-2])
H = np.zeros((3, 3))
for a in range(3):
    for b in range(3):
        def v(da, db):
            y = x.copy()
            y[a] += da
            y[b] += db
            return ll(*y)
        H[a, b] = (v(h[a], h[b]) - v(h[a], -h[b]) - v(-h[a], h[b]) + v(-h[a], -h[b])) / (4 * h[a] * h[b])
C = np.linalg.inv(-H)
print("beta %.10g eta %.10g gamma %.10g loglik %.10g" % (1 / s, np.exp(mu), g, -r.fun))
print("se mu %.6g se sigma %.6g se gamma %.6g" % tuple(np.sqrt(np.diag(C))))
