/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Maximum-gm threshold voltage over many transfer curves: 100,000 curves of
 * 201 points by default, generated here (deterministic), with mobility
 * degradation so that gm has an interior peak.
 *
 * usage: bench/bench-vth [CURVES [OUT_PREFIX]]
 *   With OUT_PREFIX, also writes OUT_PREFIX.bin (the curves, float64: the
 *   201 Vgs values, then CURVES×201 currents) and OUT_PREFIX.vth (the CURVES
 *   results, float64) and OUT_PREFIX.time (seconds), for
 *   bench/vth_numpy.py to compare against (bench/vth-vs-numpy runs both).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "wbg/wbg.h"

#define POINTS 201
#define REPEAT 5        /* one call per curve: 0.2 s a run */
#define REPEAT_MANY 20  /* the batch: 0.05 s a run, more exposed to a busy machine */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A small deterministic generator (splitmix64) so that runs are comparable. */
static double uniform(unsigned long long *s)
{
	unsigned long long z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	z ^= z >> 31;
	return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}

static int write_file(const char *prefix, const char *ext, const void *a, size_t size, size_t n)
{
	char path[4096];
	FILE *f;
	size_t w;

	snprintf(path, sizeof(path), "%s.%s", prefix, ext);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	w = fwrite(a, size, n, f);
	return (fclose(f) == 0 && w == n) ? 0 : -1;
}

int main(int argc, char **argv)
{
	long curves = argc > 1 ? atol(argv[1]) : 100000;
	const char *prefix = argc > 2 ? argv[2] : NULL;
	double v[POINTS], *id, *vth, *work, t0, t1, sum = 0;
	unsigned long long seed = 42;
	wbg_vth_opts o;
	wbg_vth_result r, *many;
	size_t failed = 0;
	double t_many, t_single;
	long c;
	int i, rep, rc = 0;

	if (curves <= 0 || curves > 10000000) {
		fprintf(stderr, "usage: %s [CURVES (1..1e7) [OUT_PREFIX]]\n", argv[0]);
		return 2;
	}
	id = malloc((size_t)curves * POINTS * sizeof(*id));
	vth = malloc((size_t)curves * sizeof(*vth));
	work = malloc(wbg_vth_work_size(POINTS) * sizeof(*work));
	many = malloc((size_t)curves * sizeof(*many));
	if (!id || !vth || !work || !many) {
		fprintf(stderr, "out of memory\n");
		return 3;
	}
	for (i = 0; i < POINTS; i++)
		v[i] = 0.05 * i;
	/* Id = k·x²/(1 + θx), x = s·ln(1 + e^((V − Vt)/s)): a square law with a
	 * smooth turn-on and mobility degradation. */
	for (c = 0; c < curves; c++) {
		double vt = 1 + 2 * uniform(&seed), k = 0.05 + 0.45 * uniform(&seed);
		double th = 0.1 + 0.4 * uniform(&seed), s = 0.05;
		for (i = 0; i < POINTS; i++) {
			double x = s * log1p(exp((v[i] - vt) / s));
			id[(size_t)c * POINTS + (size_t)i] = k * x * x / (1 + th * x);
		}
	}
	wbg_vth_opts_init(&o);
	o.method = WBG_VTH_GM_MAX;
	/* Best of REPEAT runs of each: the machine may be shared, and the minimum
	 * is the least disturbed measurement (as Python's timeit advises). */
	t_single = INFINITY;
	for (rep = 0; rep < REPEAT && rc == 0; rep++) {
		sum = 0;
		t0 = now_s();
		for (c = 0; c < curves; c++) {
			if (wbg_vth_extract(&r, v, id + (size_t)c * POINTS, POINTS, &o, work, NULL) !=
			    WBG_OK) {
				fprintf(stderr, "curve %ld: extraction failed\n", c);
				rc = 1;
				break;
			}
			vth[c] = r.vth.value;
			sum += r.vth.value;
		}
		t1 = now_s();
		t_single = fmin(t_single, t1 - t0);
	}
	printf("wbg_vth_extract (max gm), one call per curve: %ld curves of %d points in %.3f s = "
	       "%.2f us per curve (best of %d; mean Vth %.6f V)\n",
	       curves, POINTS, t_single, t_single / (double)curves * 1e6, REPEAT,
	       sum / (double)curves);
	t_many = INFINITY;
	for (rep = 0; rep < REPEAT_MANY && rc == 0; rep++) {
		t0 = now_s();
		if (wbg_vth_extract_many(many, &failed, v, id, (size_t)curves, POINTS, &o, NULL) !=
		        WBG_OK ||
		    failed > 0) {
			fprintf(stderr, "batch extraction failed (%zu curves)\n", failed);
			rc = 1;
		}
		t_many = fmin(t_many, now_s() - t0);
	}
	for (c = 0; c < curves && rc == 0; c++) {
		if (many[c].vth.value != vth[c]) {
			fprintf(stderr, "curve %ld: batch %.17g != single %.17g\n", c, many[c].vth.value,
			        vth[c]);
			rc = 1;
		}
	}
	printf("wbg_vth_extract_many (max gm), one call for all: %.3f s = %.2f us per curve (best of "
	       "%d)\n",
	       t_many, t_many / (double)curves * 1e6, REPEAT_MANY);
	if (prefix && rc == 0) {
		double t[2] = {t_single, t_many};
		if (write_file(prefix, "bin", v, sizeof(double), POINTS) != 0 ||
		    write_file(prefix, "vth", vth, sizeof(double), (size_t)curves) != 0 ||
		    write_file(prefix, "time", t, sizeof(double), 2) != 0) {
			fprintf(stderr, "cannot write %s.*\n", prefix);
			rc = 3;
		} else {
			char path[4096];
			FILE *f;
			snprintf(path, sizeof(path), "%s.bin", prefix);
			f = fopen(path, "ab");
			if (!f || fwrite(id, sizeof(double), (size_t)curves * POINTS, f) !=
			              (size_t)curves * POINTS)
				rc = 3;
			if (f && fclose(f) != 0)
				rc = 3;
		}
	}
	free(id);
	free(vth);
	free(work);
	free(many);
	return rc;
}
