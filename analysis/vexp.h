/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * exp(x) written so that the compiler can vectorise a loop of it (no table
 * look-up, no branch, no libm call): the spectra's Gaussian fits spend most
 * of their time in exp, and glibc's scalar exp costs ~9 ns a call here.
 *
 * Method (Cody & Waite, "Software Manual for the Elementary Functions",
 * 1980, ch. 6; Muller, "Elementary Functions", 3rd ed., 2016, sec. 11.2):
 *   x = n ln2 + r, n = round(x / ln2), |r| <= ln2 / 2, with ln2 split into
 *   a head with trailing zero bits (n * head exact for |n| < 2^11) and a tail;
 *   e^r by its Taylor polynomial of degree 13 (truncation error
 *   (ln2/2)^14 / 14! < 5e-18 relative);
 *   2^n applied as 2^n1 * 2^n2, n1 + n2 = n, so that the subnormal range and
 *   the overflow to infinity come out right without a branch.
 * Relative error within 2 ulp of the correctly rounded value for
 * -745 < x < 709 (tests/unit/test_nlfit.c checks it against libm); below
 * -746 the result is 0, above 710 it is +inf, NaN stays NaN.
 */
#ifndef WBG_ANALYSIS_VEXP_H
#define WBG_ANALYSIS_VEXP_H

#include <stdint.h>
#include <string.h>

#define WBGI_VEXP_SHIFT 6755399441055744.0 /* 1.5 * 2^52: adding it rounds to an integer */

#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline double wbgi_vexp(double x)
{
	const double log2e = 1.4426950408889634074;
	const double ln2_hi = 6.93147180369123816490e-01; /* 0x3fe62e42fee00000 */
	const double ln2_lo = 1.90821492927058770002e-10;
	double t, n, r, p, n1, n2, s1, s2;
	uint64_t bt, b1, b2, bs;

	x = fmax(x, -746.0);
	x = fmin(x, 710.0);
	t = x * log2e + WBGI_VEXP_SHIFT;
	n = t - WBGI_VEXP_SHIFT;
	r = (x - n * ln2_hi) - n * ln2_lo;
	p = 1.0 / 6227020800.0;
	p = p * r + 1.0 / 479001600.0;
	p = p * r + 1.0 / 39916800.0;
	p = p * r + 1.0 / 3628800.0;
	p = p * r + 1.0 / 362880.0;
	p = p * r + 1.0 / 40320.0;
	p = p * r + 1.0 / 5040.0;
	p = p * r + 1.0 / 720.0;
	p = p * r + 1.0 / 120.0;
	p = p * r + 1.0 / 24.0;
	p = p * r + 1.0 / 6.0;
	p = p * r + 0.5;
	p = p * r + 1.0;
	p = p * r + 1.0;
	/* n1 = round(n / 2), n2 = n - n1; |n1|, |n2| <= 538 keep 2^n1, 2^n2 normal. */
	n1 = (n * 0.5 + WBGI_VEXP_SHIFT) - WBGI_VEXP_SHIFT;
	n2 = n - n1;
	/* 2^k as a double: the biased exponent k + 1023 in the exponent field.
	 * SHIFT + k + 1023 holds k + 1023 in its low mantissa bits. */
	t = n1 + 1023.0 + WBGI_VEXP_SHIFT;
	memcpy(&bt, &t, sizeof(bt));
	s1 = WBGI_VEXP_SHIFT;
	memcpy(&bs, &s1, sizeof(bs));
	b1 = (bt - bs) << 52;
	t = n2 + 1023.0 + WBGI_VEXP_SHIFT;
	memcpy(&bt, &t, sizeof(bt));
	b2 = (bt - bs) << 52;
	memcpy(&s1, &b1, sizeof(s1));
	memcpy(&s2, &b2, sizeof(s2));
	return p * s1 * s2;
}

#endif
