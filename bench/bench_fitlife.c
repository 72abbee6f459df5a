/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fitting throughput, side by side with SciPy on the same data in the same run:
 *   1. Gaussian + constant baseline fits of 1024-point spectra (wbg_spectrum_fit_peaks)
 *   2. a Weibull MLE of 10,000 lives with 30 % right censoring (wbg_life_fit_mle)
 * The data are written to a temporary directory and bench/fitlife_scipy.py
 * (Debian python3-scipy) fits them too; the ratio is printed per fit, one
 * core each (the machine is shared: no threads on either side).
 *
 * usage: bench/bench-fitlife [SPECTRA [SCIPY_SPECTRA]]   (default 10000 and 500:
 *        SciPy is timed on the first SCIPY_SPECTRA of the same spectra, per fit).
 * Both sides report the best of several short runs (CPU time: wbgkit ten
 * runs of up to 1000 spectra, SciPy five of up to 100), and the SciPy side
 * compares its parameters with wbgkit's spectrum by spectrum.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wbg/wbg.h"

#define NPTS 1024
#define NLIFE 10000

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: the machine is shared */
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A small deterministic generator (xorshift64*) so that both sides see the same data. */
static unsigned long long rng_state = 88172645463325252ULL;
static double urand(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return ((rng_state * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0);
}

static double nrand(void)
{
	double u = urand(), v = urand();
	return sqrt(-2.0 * log(u + 1e-300)) * cos(6.283185307179586 * v);
}

int main(int argc, char **argv)
{
	long nspec = argc > 1 ? atol(argv[1]) : 10000, npy = argc > 2 ? atol(argv[2]) : 500;
	char dir[] = "/tmp/wbg-bench-XXXXXX", path[256], cmd[1024];
	double *x = malloc(NPTS * sizeof(double)), *y = malloc((size_t)nspec * NPTS * sizeof(double));
	double t0, t_c_spec, t_c_life, sum = 0, iters = 0;
	wbg_life_obs *obs = malloc(NLIFE * sizeof(*obs));
	wbg_spectrum_fit *fit = malloc(sizeof(*fit));
	wbg_life_fit lf;
	FILE *f;
	long s, i;
	int reps = 20, r;

	if (nspec <= 0 || npy <= 0 || npy > nspec || !x || !y || !obs || !fit) {
		fprintf(stderr, "usage: %s [SPECTRA > 0 [SCIPY_SPECTRA <= SPECTRA]]\n", argv[0]);
		return 2;
	}
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 3;
	}
	for (i = 0; i < NPTS; i++)
		x[i] = 1.5 + 2.5 * (double)i / (NPTS - 1);
	for (s = 0; s < nspec; s++) {
		double c = 2.2 + 0.6 * urand(), w = 0.1 + 0.3 * urand(), a = 0.5 + urand(), b = 0.05 + 0.1 * urand();
		for (i = 0; i < NPTS; i++)
			y[s * NPTS + i] = b + a * wbg_peak_profile(WBG_PEAK_GAUSSIAN, x[i] - c, w, 0) + 0.01 * nrand();
	}
	for (i = 0; i < NLIFE; i++) {
		double t = 1000.0 * pow(-log(1.0 - urand()), 1.0 / 1.8); /* Weibull beta 1.8, eta 1000 */
		double c = 1350.0 * pow(-log(1.0 - urand()), 1.0 / 3.0); /* censoring times */
		obs[i].t_s = t < c ? t : c;
		obs[i].cens = t < c ? WBG_LIFE_EXACT : WBG_LIFE_RIGHT;
		obs[i].t_hi_s = 0;
		obs[i].count = 1;
	}

	/* C: spectra. All of them once (the mean centre and iterations), then
	 * the time as the best of ten runs of up to 1000 (CPU time; on a shared
	 * machine the least disturbed run is the measurement, as timeit advises). */
	for (s = 0; s < nspec; s++) {
		if (wbg_spectrum_fit_peaks(fit, x, y + s * NPTS, NPTS, 1, WBG_PEAK_GAUSSIAN, WBG_BASELINE_CONSTANT, NULL,
		                           NULL) != WBG_OK) {
			fprintf(stderr, "spectrum %ld did not fit\n", s);
			return 1;
		}
		sum += fit->peaks[0].centre;
		iters += (double)fit->niter;
	}
	t_c_spec = INFINITY;
	for (r = 0; r < 10; r++) {
		long blk = nspec < 1000 ? nspec : 1000, j;
		double t;
		t0 = now_s();
		for (j = 0; j < blk; j++) {
			s = (r * blk + j) % nspec;
			if (wbg_spectrum_fit_peaks(fit, x, y + s * NPTS, NPTS, 1, WBG_PEAK_GAUSSIAN, WBG_BASELINE_CONSTANT,
			                           NULL, NULL) != WBG_OK)
				return 1;
		}
		t = (now_s() - t0) / (double)blk;
		t_c_spec = t < t_c_spec ? t : t_c_spec;
	}
	/* C: Weibull MLE */
	t0 = now_s();
	for (r = 0; r < reps; r++)
		if (wbg_life_fit_mle(&lf, obs, NLIFE, WBG_LIFE_WEIBULL, NULL) != WBG_OK)
			return 1;
	t_c_life = (now_s() - t0) / reps;
	{
		double fails = 0;
		for (i = 0; i < NLIFE; i++)
			fails += obs[i].cens == WBG_LIFE_RIGHT;
		printf("data: %ld spectra x %d points; %d lives, %.1f %% censored\n", nspec, NPTS, NLIFE, 100 * fails / NLIFE);
	}
	printf("wbgkit  Gaussian+baseline fit: %9.1f us per spectrum (mean centre %.6f, %.1f iterations)\n",
	       t_c_spec * 1e6, sum / (double)nspec, iters / (double)nspec);
	printf("wbgkit  Weibull MLE (censored): %9.3f ms  beta %.6f eta %.3f\n", t_c_life * 1e3, 1 / lf.sigma, exp(lf.mu));

	fflush(stdout);
	/* Hand the same data to SciPy. */
	snprintf(path, sizeof(path), "%s/spectra.bin", dir);
	f = fopen(path, "wb");
	if (!f || fwrite(x, sizeof(double), NPTS, f) != NPTS ||
	    fwrite(y, sizeof(double), (size_t)npy * NPTS, f) != (size_t)npy * NPTS || fclose(f) != 0)
		return 3;
	/* wbgkit's parameters (baseline, area, centre, FWHM) for the spectra SciPy fits, to compare. */
	snprintf(path, sizeof(path), "%s/wbg_params.bin", dir);
	f = fopen(path, "wb");
	if (!f)
		return 3;
	for (s = 0; s < npy; s++) {
		double q[4];
		if (wbg_spectrum_fit_peaks(fit, x, y + s * NPTS, NPTS, 1, WBG_PEAK_GAUSSIAN, WBG_BASELINE_CONSTANT, NULL,
		                           NULL) != WBG_OK)
			return 1;
		q[0] = fit->base[0];
		q[1] = fit->peaks[0].area;
		q[2] = fit->peaks[0].centre;
		q[3] = fit->peaks[0].fwhm;
		if (fwrite(q, sizeof(double), 4, f) != 4)
			return 3;
	}
	if (fclose(f) != 0)
		return 3;
	snprintf(path, sizeof(path), "%s/lives.csv", dir);
	f = fopen(path, "w");
	if (!f)
		return 3;
	for (i = 0; i < NLIFE; i++)
		fprintf(f, "%.17g,%d\n", obs[i].t_s, obs[i].cens == WBG_LIFE_EXACT);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s/bench/fitlife_scipy.py' '%s' %ld %.9g %.9g", BENCH_SRCDIR, dir,
	         npy, t_c_spec, t_c_life);
	r = system(cmd);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(x);
	free(y);
	free(obs);
	free(fit);
	return r == 0 ? 0 : 1;
}
