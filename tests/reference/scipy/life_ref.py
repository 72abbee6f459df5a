#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Independent reference values for tests/unit/test_life.c, computed with
# SciPy (Debian python3-scipy 1.10) rather than with wbgkit's code:
# MLE by scipy.optimize.minimize (Nelder-Mead, then BFGS), the observed
# information by central differences of the log-likelihood written here
# from the textbook densities, LR bounds with scipy.optimize.brentq over
# profiles maximised by scipy.optimize.minimize_scalar.
# Data: NIST/SEMATECH e-Handbook of Statistical Methods, sec. 8.4.1.3
# (https://www.itl.nist.gov/div898/handbook/apr/section4/apr413.htm):
# failures at 54 187 216 240 244 335 361 373 375 386 h, 10 units removed at 500 h.
import numpy as np
from scipy import optimize, stats

fail = np.array([54, 187, 216, 240, 244, 335, 361, 373, 375, 386], float)
susp = np.full(10, 500.0)


def ll(dist, mu, sigma, fail=fail, susp=susp, lo=None, hi=None):
    if sigma <= 0:
        return -np.inf
    zf = (np.log(fail) - mu) / sigma
    zs = (np.log(susp) - mu) / sigma
    if dist == "weibull":
        lf = zf - np.exp(zf) - np.log(sigma) - np.log(fail)
        ls = -np.exp(zs)
        extra = 0.0
        if lo is not None:
            zl = (np.log(lo) - mu) / sigma
            zh = (np.log(hi) - mu) / sigma
            extra = np.sum(np.log(np.exp(-np.exp(zl)) - np.exp(-np.exp(zh))))
    else:
        lf = stats.norm.logpdf(zf) - np.log(sigma) - np.log(fail)
        ls = stats.norm.logsf(zs)
        extra = 0.0
        if lo is not None:
            zl = (np.log(lo) - mu) / sigma
            zh = (np.log(hi) - mu) / sigma
            extra = np.sum(np.log(stats.norm.sf(zl) - stats.norm.sf(zh)))
    return np.sum(lf) + np.sum(ls) + extra


def fit(dist, **kw):
    f = lambda th: -ll(dist, th[0], np.exp(th[1]), **kw)
    r = optimize.minimize(f, [6.0, -0.5], method="Nelder-Mead",
                          options={"xatol": 1e-12, "fatol": 1e-14, "maxiter": 20000})
    r = optimize.minimize(f, r.x, method="BFGS", options={"gtol": 1e-10})
    mu, s = r.x[0], np.exp(r.x[1])
    return mu, s, -r.fun


def cov(dist, mu, s, **kw):
    h = [1e-4, 1e-5]
    x = np.array([mu, s])
    H = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            def g(di, dj):
                y = x.copy()
                y[i] += di
                y[j] += dj
                return ll(dist, y[0], y[1], **kw)
            H[i, j] = (g(h[i], h[j]) - g(h[i], -h[j]) - g(-h[i], h[j]) + g(-h[i], -h[j])) / (4 * h[i] * h[j])
    return np.linalg.inv(-H)


def lr_beta(mu, s, lmax, conf):
    c = stats.chi2.ppf(conf, 1) / 2
    def prof(lns):
        r = optimize.minimize_scalar(lambda m: -ll("weibull", m, np.exp(lns)), bracket=(mu - 1, mu + 1), tol=1e-12)
        return -r.fun
    g = lambda lns: lmax - prof(lns) - c
    a = optimize.brentq(g, np.log(s) - 2, np.log(s), xtol=1e-13)
    b = optimize.brentq(g, np.log(s), np.log(s) + 2, xtol=1e-13)
    return 1 / np.exp(b), 1 / np.exp(a)


def lr_b10(mu, s, lmax, conf):
    c = stats.chi2.ppf(conf, 1) / 2
    q = np.log(-np.log(0.9))
    y = mu + q * s
    def prof(yp):
        r = optimize.minimize_scalar(lambda lns: -ll("weibull", yp - q * np.exp(lns), np.exp(lns)),
                                     bracket=(np.log(s) - 0.5, np.log(s) + 0.5), tol=1e-12)
        return -r.fun
    g = lambda yp: lmax - prof(yp) - c
    return np.exp(optimize.brentq(g, y - 3, y, xtol=1e-13)), np.exp(optimize.brentq(g, y, y + 3, xtol=1e-13))


np.set_printoptions(precision=12)
for dist in ("weibull", "lognormal"):
    mu, s, l = fit(dist)
    V = cov(dist, mu, s)
    print(dist, "mu %.10g sigma %.10g loglik %.10g" % (mu, s, l))
    print("  var_mu %.8g var_sigma %.8g cov %.8g" % (V[0, 0], V[1, 1], V[0, 1]))
mu, s, l = fit("weibull")
print("weibull LR 90%% beta bounds %.8g %.8g" % lr_beta(mu, s, l, 0.9))
print("weibull LR 90%% B10 bounds %.8g %.8g" % lr_b10(mu, s, l, 0.9))
# Interval-censored variant: the suspensions kept, the failures replaced by
# inspection intervals (0,200] x1, (200,300] x4, (300,400] x5.
lo = np.array([0.0] + [200.0] * 4 + [300.0] * 5)
hi = np.array([200.0] + [300.0] * 4 + [400.0] * 5)
lo_w = np.where(lo > 0, lo, 1e-300)
mu, s, l = fit("weibull", fail=np.array([]), lo=lo_w, hi=hi)
print("interval weibull mu %.10g sigma %.10g loglik %.10g" % (mu, s, l))
