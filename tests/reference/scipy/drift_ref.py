#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Independent reference values for tests/unit/test_drift.c from SciPy 1.10
# (Debian python3-scipy): scipy.stats.linregress on (ln t, ln dV) and
# scipy.optimize.curve_fit on dV = A t^n, for BTI-like readouts
# (t = 10, 30, 100, ... 1e5 s; dV in volts; a deterministic ripple as noise).
import numpy as np
from scipy import optimize, stats

t = np.array([10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000], float)
k = np.arange(len(t))
dv = 2e-3 * t ** 0.18 * (1 + 0.03 * np.sin(2.7 * k + 0.4))
r = stats.linregress(np.log(t), np.log(dv))
print("loglog n %.12g se %.8g  lnA %.12g se %.8g" % (r.slope, r.stderr, r.intercept, r.intercept_stderr))
T = 10 * 365.25 * 86400
x0 = np.log(T)
n = len(t)
res = np.log(dv) - (r.intercept + r.slope * np.log(t))
s = np.sqrt(np.sum(res ** 2) / (n - 2))
sxx = np.sum((np.log(t) - np.log(t).mean()) ** 2)
se = s * np.sqrt(1 / n + (x0 - np.log(t).mean()) ** 2 / sxx)
q = stats.t.ppf(0.95, n - 2)
m = r.intercept + r.slope * x0
print("loglog 10y %.10g [%.10g, %.10g]" % (np.exp(m), np.exp(m - q * se), np.exp(m + q * se)))
p, cov = optimize.curve_fit(lambda t, a, b: a * t ** b, t, dv, p0=[1e-3, 0.2], xtol=1e-14, ftol=1e-14, gtol=1e-14)
print("lsq A %.10g se %.6g  n %.10g se %.6g" % (p[0], np.sqrt(cov[0, 0]), p[1], np.sqrt(cov[1, 1])))
g = np.array([T ** p[1], p[0] * T ** p[1] * np.log(T)])
se = np.sqrt(g @ cov @ g)
m = p[0] * T ** p[1]
print("lsq 10y %.10g [%.10g, %.10g]" % (m, m - q * se, m + q * se))
