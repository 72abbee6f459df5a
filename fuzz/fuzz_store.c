/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fuzz target: a store file given by the user (wbg check --db, wbg export,
 * wbg report): opened (schema checks and upgrades), then every reader run
 * over every run: runs, instruments, steps, arrays with their values,
 * parameters, verdicts, aborted steps. A damaged file must give an error,
 * never a crash or a read past a blob.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wbg/wbg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	wbg_store *st;
	int64_t runs[8];
	size_t n_runs;
	double sum;
};

static int on_run(void *user, const wbg_run_record *r)
{
	struct seen *s = user;

	if (s->n_runs < 8)
		s->runs[s->n_runs++] = r->id;
	return 0;
}

static int on_inst(void *user, const wbg_instrument_info *i)
{
	(void)user;
	return i->role == NULL;
}

static int on_step(void *user, const wbg_step_record *r)
{
	struct seen *s = user;

	s->sum += r->readout_s;
	return 0;
}

static int on_array(void *user, const wbg_array_record *a)
{
	struct seen *s = user;
	double *v = NULL;
	size_t n = 0;

	if (wbg_store_array_read(&v, &n, s->st, a->step, a->name) == WBG_OK) {
		if (n)
			s->sum += v[n - 1];
		free(v);
	}
	return 0;
}

static int on_param(void *user, const wbg_param_record *p)
{
	struct seen *s = user;

	s->sum += p->value;
	return 0;
}

static int on_verdict(void *user, const wbg_verdict_info *v)
{
	struct seen *s = user;

	s->sum += v->value;
	return 0;
}

static int on_aborted(void *user, const wbg_aborted_record *a)
{
	struct seen *s = user;
	size_t k;

	for (k = 0; k < a->n_arrays; k++)
		if (a->arrays[k].n)
			s->sum += a->arrays[k].values[0];
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64], side[80];
	struct seen s;
	wbg_ctx *ctx = NULL;
	size_t i;
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "/tmp/wbg-fuzz-store-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return 0;
	f = fdopen(fd, "wb");
	if (!f) {
		close(fd);
		unlink(path);
		return 0;
	}
	fwrite(data, 1, size, f);
	fclose(f);
	memset(&s, 0, sizeof(s));
	if (wbg_ctx_new(&ctx) == WBG_OK) {
		wbg_ctx_set_log_level(ctx, WBG_LOG_NONE);
		if (wbg_store_open(&s.st, path, ctx) == WBG_OK) {
			(void)wbg_store_runs_list(s.st, on_run, &s);
			for (i = 0; i < s.n_runs; i++) {
				wbg_run_counts c;
				(void)wbg_store_run_counts(&c, s.st, s.runs[i]);
				(void)wbg_store_instruments_list(s.st, s.runs[i], on_inst, &s);
				(void)wbg_store_steps_list(s.st, s.runs[i], on_step, &s);
				(void)wbg_store_arrays_list(s.st, s.runs[i], on_array, &s);
				(void)wbg_store_params_list(s.st, s.runs[i], on_param, &s);
				(void)wbg_store_verdicts_list(s.st, s.runs[i], on_verdict, &s);
				(void)wbg_store_aborted_list(s.st, s.runs[i], on_aborted, &s);
			}
			wbg_store_close(s.st);
		}
		wbg_ctx_free(ctx);
	}
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	(void)s.sum;
	return 0;
}
