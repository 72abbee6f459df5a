/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Standards engine throughput:
 *  1. guarded decisions: N parameter results (default 1,000,000) in a data set,
 *     evaluated against a standard with guarded acceptance and a PFA each;
 *  2. loading and validating the whole shipped library (schema compile once,
 *     then every file parsed, checked and converted), repeated.
 *
 * usage: bench/bench-standards [N] [LIBRARY_REPEATS]   (run from the build
 *        directory; WBG_DATADIR or the source tree's layout finds the files)
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wbg/wbg.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const char *const std_xml =
	"<standard xmlns=\"urn:wbgkit:standard:1\" id=\"bench\" revision=\"1\">"
	"<title>bench</title><provenance><source id=\"b\" document=\"bench\" access=\"public\"/>"
	"</provenance><scope><material>SiC</material></scope>"
	"<decision rule=\"guarded\" r=\"1\" k=\"2\" origin=\"choice\"/>"
	"<parameter id=\"IDSS\" name=\"leakage\" unit=\"µA\"><method>m</method></parameter>"
	"<test id=\"HTRB\" kind=\"stress\"><title>t</title><limits>"
	"<absolute parameter=\"IDSS\" max=\"100 µA\" origin=\"choice\"/>"
	"</limits></test></standard>";

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	long reps = argc > 2 ? atol(argv[2]) : 20;
	const char *dd = getenv("WBG_DATADIR");
	char xsd[4096], dir[4096], path[4400], lot[32], sample[32];
	wbg_ctx *ctx = NULL;
	wbg_schema *schema = NULL;
	wbg_standard *std = NULL;
	wbg_dataset *ds = NULL;
	wbg_eval *ev = NULL;
	double t0, t1, t2, pfa_sum = 0;
	long i, files = 0, r;
	size_t k;

	if (n <= 0 || reps <= 0) {
		fprintf(stderr, "usage: %s [N > 0] [REPEATS > 0]\n", argv[0]);
		return 2;
	}
	if (!dd)
		dd = WBG_BENCH_SRCDIR;
	snprintf(xsd, sizeof(xsd), "%s/standards/schema/" WBG_SCHEMA_FILE, dd);
	snprintf(dir, sizeof(dir), "%s/standards/library", dd);
	if (wbg_ctx_new(&ctx) != WBG_OK || wbg_schema_new(&schema, xsd, ctx) != WBG_OK ||
	    wbg_standard_load_memory(&std, schema, std_xml, strlen(std_xml), "bench", ctx) != WBG_OK ||
	    wbg_dataset_new(&ds) != WBG_OK) {
		fprintf(stderr, "set-up failed: %s\n", wbg_ctx_errmsg(ctx));
		return 1;
	}
	for (i = 0; i < n; i++) {
		wbg_row row;
		memset(&row, 0, sizeof(row));
		snprintf(lot, sizeof(lot), "L%ld", i % 3);
		snprintf(sample, sizeof(sample), "%ld", i / 3);
		row.lot = lot;
		row.sample = sample;
		row.test = "HTRB";
		row.parameter = "IDSS";
		row.readout_s = 3.6e6;
		row.value = (80.0 + (double)(i % 400) * 0.05) * 1e-6; /* 80..99.95 µA */
		row.u = 1e-6;
		row.unit = "A";
		row.file = "bench";
		if (wbg_dataset_add(ds, &row, ctx) != WBG_OK) {
			fprintf(stderr, "%s\n", wbg_ctx_errmsg(ctx));
			return 1;
		}
	}
	t0 = now_s();
	if (wbg_evaluate(&ev, std, NULL, ds, ctx) != WBG_OK) {
		fprintf(stderr, "%s\n", wbg_ctx_errmsg(ctx));
		return 1;
	}
	t1 = now_s();
	for (k = 0; k < wbg_eval_count(ev); k++)
		pfa_sum += wbg_eval_result(ev, k)->d.pfa;
	printf("guarded evaluation: %zu results in %.3f s = %.0f ns each (mean PFA %.3g)\n",
	       wbg_eval_count(ev), t1 - t0, (t1 - t0) / (double)wbg_eval_count(ev) * 1e9,
	       pfa_sum / (double)wbg_eval_count(ev));

	/* the shipped library */
	t0 = now_s();
	for (r = 0; r < reps; r++) {
		wbg_schema *s2 = NULL;
		DIR *d;
		struct dirent *e;
		if (wbg_schema_new(&s2, xsd, ctx) != WBG_OK)
			return 1;
		d = opendir(dir);
		if (!d) {
			fprintf(stderr, "cannot open %s\n", dir);
			return 1;
		}
		while ((e = readdir(d))) {
			size_t l = strlen(e->d_name);
			if (l < 5 || strcmp(e->d_name + l - 4, ".xml") != 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			if (wbg_doc_check_file(NULL, s2, path, ctx) != WBG_OK) {
				fprintf(stderr, "%s\n", wbg_ctx_errmsg(ctx));
				return 1;
			}
			if (r == 0)
				files++;
		}
		closedir(d);
		wbg_schema_free(s2);
	}
	t2 = now_s();
	printf("shipped library: schema + %ld files loaded and validated in %.2f ms (mean of %ld)\n",
	       files, (t2 - t0) / (double)reps * 1e3, reps);
	wbg_eval_free(ev);
	wbg_dataset_free(ds);
	wbg_standard_free(std);
	wbg_schema_free(schema);
	wbg_ctx_free(ctx);
	return 0;
}
