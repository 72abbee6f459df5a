#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Independent reference values for tests/unit/test_alt.c from SciPy 1.10
# (Debian python3-scipy): an Arrhenius-Weibull accelerated life test at
# 150, 175 and 200 degC (10 units each, test stopped at 2000 h at 150 degC),
# fitted by maximising the log-likelihood written here from the textbook
# densities with scipy.optimize.minimize (Nelder-Mead then BFGS); the
# covariance by central differences of that log-likelihood.
import numpy as np
from scipy import optimize

K = 8.617333262e-5
T = np.array([423.15] * 10 + [448.15] * 10 + [473.15] * 10)
t = np.array([820, 1010, 1260, 1450, 1730, 1900, 2000, 2000, 2000, 2000,
              310, 420, 505, 590, 660, 740, 830, 960, 1110, 1320,
              95, 140, 170, 205, 230, 260, 300, 345, 400, 480], float)
fail = np.array([1, 1, 1, 1, 1, 1, 0, 0, 0, 0] + [1] * 20)


def ll(b0, b1, s):
    if s <= 0:
        return -np.inf
    z = (np.log(t) - b0 - b1 / (K * T)) / s
    return np.sum(np.where(fail == 1, z - np.exp(z) - np.log(s) - np.log(t), -np.exp(z)))


f = lambda p: -ll(p[0], p[1], np.exp(p[2]))
r = optimize.minimize(f, [-20, 1.0, -1], method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-13, "maxiter": 40000})
r = optimize.minimize(f, r.x, method="BFGS", options={"gtol": 1e-9})
b0, b1, s = r.x[0], r.x[1], np.exp(r.x[2])
x = np.array([b0, b1, s])
h = np.array([1e-4, 1e-5, 1e-5])
H = np.zeros((3, 3))
for i in range(3):
    for j in range(3):
        def g(di, dj):
            y = x.copy()
            y[i] += di
            y[j] += dj
            return ll(*y)
        H[i, j] = (g(h[i], h[j]) - g(h[i], -h[j]) - g(-h[i], h[j]) + g(-h[i], -h[j])) / (4 * h[i] * h[j])
C = np.linalg.inv(-H)
print("b0 %.10g b1(Ea eV) %.10g sigma %.10g loglik %.10g" % (b0, b1, s, -r.fun))
print("se b0 %.6g se Ea %.6g se sigma %.6g" % tuple(np.sqrt(np.diag(C))))
mu_use = b0 + b1 / (K * 398.15)
print("eta at 125 degC %.10g h, AF(125 vs 175 degC) %.10g" % (np.exp(mu_use), np.exp(b1 / K * (1 / 398.15 - 1 / 448.15))))

# Likelihood-ratio 90 % bounds on Ea: profile over (b0, ln sigma) with Ea fixed.
from scipy import stats


def prof(ea, start=[b0, np.log(s)]):
    g = lambda p: -ll(p[0], ea, np.exp(p[1]))
    r1 = optimize.minimize(g, [b0 + (b1 - ea) / (K * np.mean(T)), np.log(s)], method="Nelder-Mead",
                           options={"xatol": 1e-12, "fatol": 1e-13, "maxiter": 20000})
    r1 = optimize.minimize(g, r1.x, method="BFGS", options={"gtol": 1e-9})
    return -r1.fun


lmax = -r.fun
c = stats.chi2.ppf(0.9, 1) / 2
lo = optimize.brentq(lambda e: lmax - prof(e) - c, b1 - 0.5, b1, xtol=1e-12)
hi = optimize.brentq(lambda e: lmax - prof(e) - c, b1, b1 + 0.5, xtol=1e-12)
print("LR 90%% Ea bounds %.8g %.8g" % (lo, hi))
