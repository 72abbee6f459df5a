/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit parsing and conversion throughput: every value read from a standard,
 * a bench file or a CSV import goes through wbg_quantity_parse().
 *
 * usage: bench/bench-units [ITERATIONS]   (default 1,000,000)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "wbg/wbg.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	static const char *const q[] = {"12.5 mV", "250 \xC2\xB5" "A", "0.021 \xCE\xA9\xC2\xB7" "cm",
	                                "3 cm^-2", "175 \xC2\xB0" "C", "1000 h", "4.7 nF",
	                                "85 mV/dec"};
	long iters = argc > 1 ? atol(argv[1]) : 1000000;
	double t0, t1, sum = 0, v;
	long i;

	if (iters <= 0) {
		fprintf(stderr, "usage: %s [ITERATIONS > 0]\n", argv[0]);
		return 2;
	}
	t0 = now_s();
	for (i = 0; i < iters; i++) {
		if (wbg_quantity_parse(&v, NULL, q[i % 8], NULL, NULL) != WBG_OK)
			return 1;
		sum += v;
	}
	t1 = now_s();
	printf("wbg_quantity_parse: %ld quantities in %.3f s = %.0f ns each (checksum %g)\n", iters,
	       t1 - t0, (t1 - t0) / (double)iters * 1e9, sum);
	return 0;
}
