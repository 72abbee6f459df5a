#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Independent reference values for tests/unit/test_spectrum.c, from SciPy
# 1.10 (Debian python3-scipy): scipy.special.voigt_profile for the line
# shape and scipy.optimize.curve_fit (MINPACK Levenberg-Marquardt, finite-
# difference Jacobian, tolerances 1e-14) for a two-band GaN-like PL
# spectrum with a deterministic ripple as noise; the same spectrum is built
# in the C test.
import numpy as np
from scipy import optimize, special

C = 2 * np.sqrt(2 * np.log(2))
print("voigt_profile(0.3, 0.2, 0.1) = %.15g" % special.voigt_profile(0.3, 0.2, 0.1))
print("voigt_profile(-1.7, 0.5, 0.05) = %.15g" % special.voigt_profile(-1.7, 0.5, 0.05))


def model(x, b0, b1, a1, c1, g1, l1, a2, c2, g2, l2):
    xm = 0.5 * (1.8 + 3.7)
    return (b0 + b1 * (x - xm) + a1 * special.voigt_profile(x - c1, g1 / C, l1 / 2)
            + a2 * special.voigt_profile(x - c2, g2 / C, l2 / 2))


n = 512
i = np.arange(n)
x = 1.8 + (3.7 - 1.8) * i / (n - 1)
true = [0.05, 0.01, 0.8, 2.2, 0.40, 0.10, 0.2, 3.42, 0.04, 0.03]
y = model(x, *true) + 0.004 * np.sin(37.1 * i) * np.cos(11.3 * i * i / n)
p0 = [0.04, 0.0, 0.7, 2.25, 0.3, 0.1, 0.25, 3.4, 0.05, 0.05]
p, cov = optimize.curve_fit(model, x, y, p0=p0, ftol=1e-14, xtol=1e-14, gtol=1e-14, maxfev=100000)
se = np.sqrt(np.diag(cov))
names = ["b0", "b1", "A_yl", "c_yl", "fG_yl", "fL_yl", "A_nbe", "c_nbe", "fG_nbe", "fL_nbe"]
for k in range(10):
    print("%-7s %.10g  se %.6g" % (names[k], p[k], se[k]))
r = p[2] / p[6]
vr = cov[2, 2] / p[6] ** 2 + r * r * cov[6, 6] / p[6] ** 2 - 2 * r * cov[2, 6] / p[6] ** 2
print("ratio YL/NBE %.10g se %.6g" % (r, np.sqrt(vr)))
print("rss %.10g" % np.sum((model(x, *p) - y) ** 2))

# Two Gaussians on a linear baseline, n = 1000 (not a multiple of the
# fitting core's 64-row blocks), on a non-uniform grid (one exp per point)
# and on a uniform one (the exp recurrence): test_gaussian_grids.


def gauss(x, a, c, w):
    s = w / C
    return a / (s * np.sqrt(2 * np.pi)) * np.exp(-0.5 * ((x - c) / s) ** 2)


n = 1000
i = np.arange(n)
t = i / (n - 1)
for k, x in enumerate([1.5 + 1.25 * t * t + 1.25 * t, 1.5 + 2.5 * t]):
    xm = 0.5 * (x[0] + x[-1])
    y = 0.07 + gauss(x, 0.9, 2.61, 0.15) + gauss(x, 0.6, 3.2, 0.3) + 0.017 * np.sin(12.9898 * (k + 1) * i)

    def model2(x, b0, b1, a1, c1, w1, a2, c2, w2):
        return b0 + b1 * (x - xm) + gauss(x, a1, c1, w1) + gauss(x, a2, c2, w2)

    p, _ = optimize.curve_fit(model2, x, y, p0=[0.07, 0, 0.9, 2.61, 0.15, 0.6, 3.2, 0.3],
                              ftol=1e-15, xtol=1e-15, gtol=1e-15)
    print(("non-uniform" if k == 0 else "uniform") + " grid: " + " ".join("%.10g" % v for v in p))
