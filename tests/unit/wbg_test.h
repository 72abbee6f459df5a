/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the cmocka tests. */
#ifndef WBG_TEST_H
#define WBG_TEST_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

/* cmocka 1.1's assert_float_equal works in float; this compares doubles
 * with an explicit tolerance: |a - b| <= abs_tol + rel_tol * |b|. */
#define assert_double_near(a, b, rel_tol, abs_tol)                                                 \
	do {                                                                                           \
		double a_ = (a), b_ = (b);                                                                 \
		if (!(fabs(a_ - b_) <= (abs_tol) + (rel_tol)*fabs(b_))) {                                  \
			print_error("%s = %.17g, expected %s = %.17g (rel %g, abs %g)\n", #a, a_, #b, b_,      \
			            (double)(rel_tol), (double)(abs_tol));                                     \
			fail();                                                                                \
		}                                                                                          \
	} while (0)

/* Exactly equal doubles, printed in full on failure. */
#define assert_double_exact(a, b) assert_double_near(a, b, 0.0, 0.0)

#endif
