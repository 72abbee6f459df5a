/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SQLite store: provenance, atomic steps, exact raw arrays, refusal of
 * foreign or newer files, and no completed step lost to a kill -9.
 */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "wbg_test.h"
#include "wbg/wbg.h"

struct fixture {
	char dir[64];
	char path[128];
	wbg_ctx *ctx;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/wbg-store-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/runs.db", f->dir);
	if (wbg_ctx_new(&f->ctx) != WBG_OK)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	wbg_ctx_free(f->ctx);
	free(f);
	return 0;
}

static const wbg_run_info run_info = {
	.lot = "LOT-A",
	.standard_file = "standards/library/sic-vth.xml",
	.standard_sha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	.operator_name = "tech1",
	.host = "bench-3",
	.seed = 42,
};

/* A step of a transfer curve: two arrays and one extracted parameter. */
static int write_step(wbg_store *st, int64_t run, const char *sample, int seq, int64_t *out_step,
                      wbg_ctx *ctx)
{
	double vgs[201], id[201];
	wbg_array arrays[2] = {{"vgs", "V", vgs, 201}, {"id", "A", id, 201}};
	wbg_record *rec = NULL;
	const wbg_record *recs[1];
	wbg_step step = {0};
	int i, rc;

	for (i = 0; i < 201; i++) {
		vgs[i] = 0.05 * i;
		id[i] = 1e-3 * vgs[i] * vgs[i] + seq;
	}
	rc = wbg_record_new(&rec, "vth", 2.5 + 0.01 * seq, "V", 0.01, ctx);
	if (rc != WBG_OK)
		return rc;
	wbg_record_add_condition(rec, "vds", 10, "V", ctx);
	recs[0] = rec;
	step.sample = sample;
	step.seq = seq;
	step.test = "vth-initial";
	step.method = "transfer";
	step.readout_s = 0;
	step.started = 1795842000.0;
	step.finished = 1795842001.5;
	step.arrays = arrays;
	step.n_arrays = 2;
	step.records = recs;
	step.n_records = 1;
	rc = wbg_store_step_write(out_step, st, run, &step);
	wbg_record_free(rec);
	return rc;
}

static void test_sha256_vectors(void **state)
{
	char hex[65];

	(void)state;
	/* FIPS 180-2, Appendix B.1 ("abc") and the empty message. */
	wbg_sha256_buffer(hex, "abc", 3);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	wbg_sha256_buffer(hex, "", 0);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_sha256_file(void **state)
{
	struct fixture *f = *state;
	char path[160], hex[65];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/abc.txt", f->dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("abc", fp);
	fclose(fp);
	assert_int_equal(wbg_sha256_file(hex, path, 1024, f->ctx), WBG_OK);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(wbg_sha256_file(hex, path, 2, f->ctx), WBG_ERR_OVERFLOW);
	assert_int_equal(wbg_sha256_file(hex, "/nonexistent/x.xml", 1024, f->ctx), WBG_ERR_IO);
	assert_non_null(strstr(wbg_ctx_errmsg(f->ctx), "/nonexistent/x.xml"));
}

static void test_round_trip(void **state)
{
	struct fixture *f = *state;
	static const wbg_instrument_info gate = {"gate", "SIM::2450", "KEITHLEY INSTRUMENTS,MODEL 2450,04412345,1.7.3b",
	                                         "KEITHLEY INSTRUMENTS", "MODEL 2450", "04412345", "1.7.3b",
	                                         "Keithley SPEC-2450 Rev. A (July 2013)"};
	wbg_store *st = NULL;
	wbg_run_counts c;
	int64_t run = 0, step = 0;
	double *v = NULL;
	size_t n = 0;
	bool exists = false;

	assert_int_equal(wbg_store_open(&st, f->path, f->ctx), WBG_OK);
	assert_int_equal(wbg_store_run_begin(&run, st, &run_info), WBG_OK);
	assert_int_equal(wbg_store_instrument_add(st, run, &gate), WBG_OK);
	/* one role per run */
	assert_int_equal(wbg_store_instrument_add(st, run, &gate), WBG_ERR_STORE);
	assert_int_equal(write_step(st, run, "U01", 1, &step, f->ctx), WBG_OK);
	assert_int_equal(write_step(st, run, "U01", 2, NULL, f->ctx), WBG_OK);
	assert_int_equal(write_step(st, run, "U02", 1, NULL, f->ctx), WBG_OK);
	assert_int_equal(wbg_store_step_exists(&exists, st, run, "U01", 2), WBG_OK);
	assert_true(exists);
	assert_int_equal(wbg_store_step_exists(&exists, st, run, "U02", 2), WBG_OK);
	assert_false(exists);

	assert_int_equal(wbg_store_array_read(&v, &n, st, step, "id"), WBG_OK);
	assert_int_equal(n, 201);
	assert_double_exact(v[200], 1e-3 * (0.05 * 200) * (0.05 * 200) + 1); /* bit-exact */
	free(v);
	assert_int_equal(wbg_store_array_read(&v, &n, st, step, "nope"), WBG_ERR_NOT_FOUND);

	assert_int_equal(wbg_store_run_counts(&c, st, run), WBG_OK);
	assert_int_equal(c.samples, 2);
	assert_int_equal(c.steps, 3);
	assert_int_equal(c.arrays, 6);
	assert_int_equal(c.parameters, 3);
	assert_int_equal(c.instruments, 1);
	assert_int_equal(wbg_store_run_finish(st, run, "complete"), WBG_OK);
	assert_int_equal(wbg_store_run_finish(st, run, "done"), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_store_run_finish(st, run + 100, "complete"), WBG_ERR_NOT_FOUND);
	wbg_store_close(st);

	/* Reopened, everything is there, with its provenance. */
	{
		sqlite3 *db;
		sqlite3_stmt *s;
		assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db,
		                                    "SELECT lot, operator, host, seed, status, software, "
		                                    "standard_sha256, finished_utc IS NOT NULL FROM runs",
		                                    -1, &s, NULL),
		                 SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(s, 0), "LOT-A");
		assert_string_equal((const char *)sqlite3_column_text(s, 1), "tech1");
		assert_string_equal((const char *)sqlite3_column_text(s, 2), "bench-3");
		assert_int_equal(sqlite3_column_int64(s, 3), 42);
		assert_string_equal((const char *)sqlite3_column_text(s, 4), "complete");
		assert_non_null(strstr((const char *)sqlite3_column_text(s, 5), "wbgkit " PACKAGE_VERSION));
		assert_string_equal((const char *)sqlite3_column_text(s, 6), run_info.standard_sha256);
		assert_int_equal(sqlite3_column_int(s, 7), 1);
		sqlite3_finalize(s);
		assert_int_equal(sqlite3_prepare_v2(db,
		                                    "SELECT c.name, c.value, c.unit FROM conditions c "
		                                    "JOIN parameters p ON p.id = c.parameter_id LIMIT 1",
		                                    -1, &s, NULL),
		                 SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(s, 0), "vds");
		assert_double_exact(sqlite3_column_double(s, 1), 10.0);
		sqlite3_finalize(s);
		sqlite3_close(db);
	}
}

static void test_step_is_atomic(void **state)
{
	struct fixture *f = *state;
	wbg_store *st = NULL;
	wbg_run_counts before, after;
	int64_t run = 0;

	assert_int_equal(wbg_store_open(&st, f->path, f->ctx), WBG_OK);
	assert_int_equal(wbg_store_run_begin(&run, st, &run_info), WBG_OK);
	assert_int_equal(write_step(st, run, "U01", 1, NULL, f->ctx), WBG_OK);
	assert_int_equal(wbg_store_run_counts(&before, st, run), WBG_OK);
	/* The same step again fails as a whole: no arrays or parameters leak in. */
	assert_int_equal(write_step(st, run, "U01", 1, NULL, f->ctx), WBG_ERR_STORE);
	assert_non_null(strstr(wbg_ctx_errmsg(f->ctx), "step 1 of sample 'U01'"));
	assert_int_equal(wbg_store_run_counts(&after, st, run), WBG_OK);
	assert_memory_equal(&before, &after, sizeof(before));
	/* A step for a run that does not exist. */
	assert_int_equal(write_step(st, run + 7, "U01", 1, NULL, f->ctx), WBG_ERR_NOT_FOUND);
	wbg_store_close(st);
}

static void test_bad_input(void **state)
{
	struct fixture *f = *state;
	wbg_store *st = NULL;
	wbg_run_info info = run_info;
	wbg_step step = {0};
	wbg_array twins[2] = {{"v", "V", (double[]){1}, 1}, {"v", "V", (double[]){2}, 1}};
	int64_t run = 0;

	assert_int_equal(wbg_store_open(&st, f->path, f->ctx), WBG_OK);
	info.lot = NULL;
	assert_int_equal(wbg_store_run_begin(&run, st, &info), WBG_ERR_INVALID_ARG);
	info = run_info;
	info.device_sha256 = "ABC";
	assert_int_equal(wbg_store_run_begin(&run, st, &info), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_store_run_begin(&run, st, &run_info), WBG_OK);
	step.sample = "U1";
	step.test = "t";
	step.method = "m";
	step.started = step.finished = 1e9;
	step.arrays = twins;
	step.n_arrays = 2;
	assert_int_equal(wbg_store_step_write(NULL, st, run, &step), WBG_ERR_INVALID_ARG);
	assert_non_null(strstr(wbg_ctx_errmsg(f->ctx), "two arrays named 'v'"));
	step.n_arrays = 1;
	step.readout_s = NAN;
	assert_int_equal(wbg_store_step_write(NULL, st, run, &step), WBG_ERR_INVALID_ARG);
	step.readout_s = 0;
	twins[0].n = (size_t)WBG_STORE_MAX_ARRAY + 1;
	assert_int_equal(wbg_store_step_write(NULL, st, run, &step), WBG_ERR_OVERFLOW);
	wbg_store_close(st);
}

static void test_refuses_foreign_files(void **state)
{
	struct fixture *f = *state;
	char path[160];
	wbg_store *st = NULL;
	sqlite3 *db;
	FILE *fp;

	/* An SQLite database of someone else. */
	snprintf(path, sizeof(path), "%s/other.db", f->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(wbg_store_open(&st, path, f->ctx), WBG_ERR_STORE);
	assert_non_null(strstr(wbg_ctx_errmsg(f->ctx), "not a wbgkit store"));

	/* A store from a newer wbgkit. */
	snprintf(path, sizeof(path), "%s/newer.db", f->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE runs(x); PRAGMA user_version = 9", NULL, NULL,
	                              NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(wbg_store_open(&st, path, f->ctx), WBG_ERR_STORE);
	assert_non_null(strstr(wbg_ctx_errmsg(f->ctx), "schema version 9"));

	/* Not a database at all. */
	snprintf(path, sizeof(path), "%s/text.db", f->dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("this is not a database, just some text that is long enough to have a header\n", fp);
	fclose(fp);
	assert_int_equal(wbg_store_open(&st, path, f->ctx), WBG_ERR_STORE);
	assert_non_null(strstr(wbg_ctx_errmsg(f->ctx), path));

	/* A folder that does not exist. */
	assert_int_equal(wbg_store_open(&st, "/nonexistent/dir/runs.db", f->ctx), WBG_ERR_STORE);
	assert_non_null(strstr(wbg_ctx_errmsg(f->ctx), "/nonexistent/dir/runs.db"));
	assert_null(st);
}

/* A writer killed with SIGKILL in the middle of its work loses no step it
 * had completed, and leaves no half-written step. */
static void test_kill9_loses_no_completed_step(void **state)
{
	struct fixture *f = *state;
	int pipefd[2], seen = 0, seq;
	pid_t pid;
	wbg_store *st = NULL;
	int64_t run = 1;
	wbg_run_counts c;

	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		wbg_store *cst = NULL;
		int64_t crun = 0;
		close(pipefd[0]);
		if (wbg_store_open(&cst, f->path, NULL) != WBG_OK ||
		    wbg_store_run_begin(&crun, cst, &run_info) != WBG_OK)
			_exit(2);
		for (seq = 1; seq < 100000; seq++) {
			if (write_step(cst, crun, "U01", seq, NULL, NULL) != WBG_OK)
				_exit(3);
			/* Reported only once the store said it is written. */
			if (write(pipefd[1], &seq, sizeof(seq)) != sizeof(seq))
				_exit(4);
		}
		_exit(0);
	}
	close(pipefd[1]);
	while (seen < 25) {
		if (read(pipefd[0], &seq, sizeof(seq)) != sizeof(seq))
			break;
		seen = seq;
	}
	kill(pid, SIGKILL);
	/* Steps reported after our last read are also complete; drain them. */
	while (read(pipefd[0], &seq, sizeof(seq)) == sizeof(seq))
		seen = seq;
	waitpid(pid, NULL, 0);
	close(pipefd[0]);
	assert_true(seen >= 25);

	assert_int_equal(wbg_store_open(&st, f->path, f->ctx), WBG_OK);
	for (seq = 1; seq <= seen; seq++) {
		bool exists = false;
		assert_int_equal(wbg_store_step_exists(&exists, st, run, "U01", seq), WBG_OK);
		if (!exists) {
			print_error("completed step %d was lost\n", seq);
			fail();
		}
	}
	/* Every stored step is whole: two arrays and one parameter each. */
	assert_int_equal(wbg_store_run_counts(&c, st, run), WBG_OK);
	assert_true(c.steps >= (size_t)seen);
	assert_int_equal(c.arrays, 2 * c.steps);
	assert_int_equal(c.parameters, c.steps);
	wbg_store_close(st);
	{
		sqlite3 *db;
		sqlite3_stmt *s;
		assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL),
		                 SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(s, 0), "ok");
		sqlite3_finalize(s);
		sqlite3_close(db);
	}
}

/* Collect what the readers return, as text, to compare with what was written. */
struct seen {
	char text[2048];
	int rows;
	int stop_after;
};

/* Appends "A:X;" (X in %g, or %.17g when @p exact). */
static void seen_add(struct seen *w, const char *a, double x, int exact)
{
	size_t len = strlen(w->text);
	if (exact)
		snprintf(w->text + len, sizeof(w->text) - len, "%s=%.17g;", a, x);
	else
		snprintf(w->text + len, sizeof(w->text) - len, "%s:%g;", a, x);
	w->rows++;
}

static int on_param(void *user, const wbg_param_record *p)
{
	struct seen *w = user;
	seen_add(w, p->sample, p->value, 1);
	assert_string_equal(p->name, "vth");
	assert_string_equal(p->unit, "V");
	assert_double_exact(p->u, 0.01);
	return w->stop_after && w->rows >= w->stop_after ? 99 : 0;
}

static int on_step(void *user, const wbg_step_record *r)
{
	seen_add(user, r->sample, (double)r->seq, 0);
	return 0;
}

static int on_array(void *user, const wbg_array_record *a)
{
	seen_add(user, a->name, (double)a->n, 0);
	return 0;
}

static int on_run(void *user, const wbg_run_record *r)
{
	struct seen *w = user;
	seen_add(w, r->info.lot, (double)r->info.seed, 0);
	assert_string_equal(r->info.operator_name, "tech1");
	assert_string_equal(r->info.standard_sha256, run_info.standard_sha256);
	assert_null(r->info.device_file);
	assert_string_equal(r->status, "running");
	assert_null(r->finished_utc);
	return 0;
}

static int on_instrument(void *user, const wbg_instrument_info *i)
{
	seen_add(user, i->serial, 0, 0);
	seen_add(user, i->accuracy ? i->accuracy : "(none)", 0, 0);
	return 0;
}

static int on_verdict(void *user, const wbg_verdict_info *v)
{
	struct seen *w = user;
	seen_add(w, v->outcome, v->value, 0);
	if (strcmp(v->sample, "U02") == 0) {
		/* open sides and unknowns come back as they went in */
		assert_true(isinf(v->tl_hi) && v->tl_hi > 0);
		assert_true(isinf(v->al_hi) && v->al_hi > 0);
		assert_true(isnan(v->pfa));
		assert_true(isnan(v->readout_s));
		assert_null(v->clause);
	} else {
		assert_double_exact(v->U, 0.02);
		assert_double_exact(v->al_hi, 2.98);
		assert_string_equal(v->clause, "ILAC-G8 4.2.2");
		assert_double_exact(v->readout_s, 3600);
	}
	return 0;
}

/* Verdicts are replaced as a whole, and everything reads back as written. */
static void test_verdicts_and_readers(void **state)
{
	struct fixture *f = *state;
	static const wbg_instrument_info gate = {"gate", "SIM::2450", "KEITHLEY,2450,S1,1.0",
	                                         NULL, NULL, "S1", "1.0",
	                                         "calibration certificate 12345, 2026-03-01"};
	wbg_verdict_info v[2];
	wbg_store *st = NULL;
	struct seen w;
	int64_t run = 0;

	memset(v, 0, sizeof(v));
	v[0] = (wbg_verdict_info){"U01", "HTGB", "vth", "absolute", "V", 3600, 2.51, 0.01, 2, 0.02,
	                          1.5, 3.0, 1.52, 2.98, "guarded", 1e-9, "PASS", "ILAC-G8 4.2.2", "vth", 0, 0, 0, 0, NAN};
	v[1] = (wbg_verdict_info){"U02", "HTGB", "vth", "absolute", "V", NAN, 1.4, NAN, 2, 0,
	                          1.5, INFINITY, 1.5, INFINITY, "guarded", NAN, "FAIL", NULL, NULL, 0, 0, 0, 0, NAN};
	assert_int_equal(wbg_store_open(&st, f->path, f->ctx), WBG_OK);
	assert_int_equal(wbg_store_run_begin(&run, st, &run_info), WBG_OK);
	assert_int_equal(wbg_store_instrument_add(st, run, &gate), WBG_OK);
	assert_int_equal(write_step(st, run, "U01", 1, NULL, f->ctx), WBG_OK);
	assert_int_equal(write_step(st, run, "U02", 1, NULL, f->ctx), WBG_OK);
	assert_int_equal(write_step(st, run, "U01", 2, NULL, f->ctx), WBG_OK);
	/* a first set, then the one that replaces it */
	assert_int_equal(wbg_store_verdicts_write(st, run, v, 1), WBG_OK);
	assert_int_equal(wbg_store_verdicts_write(st, run, v, 2), WBG_OK);
	v[1].outcome = NULL;
	assert_int_equal(wbg_store_verdicts_write(st, run, v, 2), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_store_verdicts_write(st, run + 1, v, 1), WBG_ERR_NOT_FOUND);

	memset(&w, 0, sizeof(w));
	assert_int_equal(wbg_store_verdicts_list(st, run, on_verdict, &w), WBG_OK);
	assert_string_equal(w.text, "PASS:2.51;FAIL:1.4;");
	/* a unit with no value: only as a FAIL, and it reads back as NaN */
	v[1].value = NAN;
	v[1].outcome = "PASS";
	assert_int_equal(wbg_store_verdicts_write(st, run, v, 2), WBG_ERR_INVALID_ARG);
	v[1].outcome = "FAIL";
	assert_int_equal(wbg_store_verdicts_write(st, run, v, 2), WBG_OK);
	memset(&w, 0, sizeof(w));
	assert_int_equal(wbg_store_verdicts_list(st, run, on_verdict, &w), WBG_OK);
	assert_string_equal(w.text, "PASS:2.51;FAIL:nan;");
	/* values from write_step(): 2.5 + 0.01 seq, ordered by sample then seq */
	memset(&w, 0, sizeof(w));
	assert_int_equal(wbg_store_params_list(st, run, on_param, &w), WBG_OK);
	assert_string_equal(w.text, "U01=2.5099999999999998;U01=2.52;U02=2.5099999999999998;");
	memset(&w, 0, sizeof(w));
	w.stop_after = 1;
	assert_int_equal(wbg_store_params_list(st, run, on_param, &w), 99);
	memset(&w, 0, sizeof(w));
	assert_int_equal(wbg_store_steps_list(st, run, on_step, &w), WBG_OK);
	assert_string_equal(w.text, "U01:1;U01:2;U02:1;");
	memset(&w, 0, sizeof(w));
	assert_int_equal(wbg_store_arrays_list(st, run, on_array, &w), WBG_OK);
	assert_int_equal(w.rows, 6);
	assert_non_null(strstr(w.text, "vgs:201;id:201;"));
	memset(&w, 0, sizeof(w));
	assert_int_equal(wbg_store_runs_list(st, on_run, &w), WBG_OK);
	assert_string_equal(w.text, "LOT-A:42;");
	memset(&w, 0, sizeof(w));
	assert_int_equal(wbg_store_run_read(st, run, on_run, &w), WBG_OK);
	assert_int_equal(w.rows, 1);
	assert_int_equal(wbg_store_run_read(st, run + 5, on_run, &w), WBG_ERR_NOT_FOUND);
	memset(&w, 0, sizeof(w));
	assert_int_equal(wbg_store_instruments_list(st, run, on_instrument, &w), WBG_OK);
	/* the accuracy source reads back as written (schema 4) */
	assert_string_equal(w.text, "S1:0;calibration certificate 12345, 2026-03-01:0;");
	wbg_store_close(st);
}

/* Several processes opening the same new file at once all get the store
 * (the schema is created under a write lock, once). */
static void test_concurrent_create(void **state)
{
	struct fixture *f = *state;
	pid_t pids[4];
	int i, st, ok = 0;

	for (i = 0; i < 4; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			wbg_store *s = NULL;
			int64_t run = 0;
			if (wbg_store_open(&s, f->path, NULL) != WBG_OK)
				_exit(1);
			if (wbg_store_run_begin(&run, s, &run_info) != WBG_OK)
				_exit(2);
			wbg_store_close(s);
			_exit(0);
		}
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(waitpid(pids[i], &st, 0), pids[i]);
		ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	assert_int_equal(ok, 4);
}

struct claimed {
	char status[32], host[64];
	int64_t pid;
	int finished;
};

static int keep_claim(void *user, const wbg_run_record *r)
{
	struct claimed *c = user;

	snprintf(c->status, sizeof(c->status), "%s", r->status);
	snprintf(c->host, sizeof(c->host), "%s", r->proc_host ? r->proc_host : "");
	c->pid = r->proc_pid;
	c->finished = r->finished_utc != NULL;
	return 0;
}

static int on_verdict_outcome(void *user, const wbg_verdict_info *v)
{
	seen_add(user, v->outcome, v->value, 0);
	return 0;
}

static int on_aborted_none(void *user, const wbg_aborted_record *a)
{
	(void)user;
	(void)a;
	return 1; /* there should be none */
}

/* The process that runs a run: recorded, re-claimed on resume (status
 * running again, finish time cleared), and kept across the upgrade of a
 * schema-1 store (made here by dropping the two columns schema 2 added). */
static void test_run_claim(void **state)
{
	struct fixture *f = *state;
	wbg_store *st = NULL;
	sqlite3 *db = NULL;
	struct claimed c;
	int64_t run = 0, version = 0;
	sqlite3_stmt *q = NULL;

	assert_int_equal(wbg_store_open(&st, f->path, f->ctx), WBG_OK);
	assert_int_equal(wbg_store_run_begin(&run, st, &run_info), WBG_OK);
	memset(&c, 0, sizeof(c));
	assert_int_equal(wbg_store_run_read(st, run, keep_claim, &c), WBG_OK);
	assert_int_equal(c.pid, 0); /* not claimed yet */
	assert_int_equal(wbg_store_run_claim(st, run, "bench-3", 4242), WBG_OK);
	assert_int_equal(wbg_store_run_finish(st, run, "interrupted"), WBG_OK);
	assert_int_equal(wbg_store_run_claim(st, run, "bench-4", 777), WBG_OK);
	assert_int_equal(wbg_store_run_read(st, run, keep_claim, &c), WBG_OK);
	assert_string_equal(c.status, "running");
	assert_string_equal(c.host, "bench-4");
	assert_int_equal(c.pid, 777);
	assert_false(c.finished);
	assert_int_equal(wbg_store_run_claim(st, run + 1, "bench-4", 777), WBG_ERR_NOT_FOUND);
	assert_int_equal(wbg_store_run_claim(st, run, "bench-4", 0), WBG_ERR_INVALID_ARG);
	wbg_store_close(st);

	/* back to schema 1 (the verdicts table as schema 1 and 2 had it, value
	 * NOT NULL, with one verdict; no aborted-step tables; no accuracy column
	 * of the instruments), then opened: upgraded to 4, runs and verdicts
	 * kept, a verdict with no value can be written and the aborted-step
	 * tables exist */
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "ALTER TABLE runs DROP COLUMN proc_host; ALTER TABLE runs "
	                              "DROP COLUMN proc_pid; DROP TABLE verdicts;"
	                              "DROP TABLE aborted_arrays; DROP TABLE aborted_steps;"
	                              "ALTER TABLE instruments DROP COLUMN accuracy;"
	                              "CREATE TABLE verdicts (id INTEGER PRIMARY KEY,"
	                              " run_id INTEGER NOT NULL REFERENCES runs(id),"
	                              " sample TEXT NOT NULL, test TEXT NOT NULL, parameter TEXT NOT NULL,"
	                              " limit_kind TEXT NOT NULL, unit TEXT NOT NULL, readout_s REAL,"
	                              " value REAL NOT NULL, u REAL, k REAL, expanded_u REAL,"
	                              " tl_lo REAL, tl_hi REAL, al_lo REAL, al_hi REAL,"
	                              " rule TEXT NOT NULL, pfa REAL, outcome TEXT NOT NULL, clause TEXT,"
	                              " note TEXT, plan_units INTEGER NOT NULL DEFAULT 0,"
	                              " plan_accept INTEGER NOT NULL DEFAULT 0,"
	                              " units INTEGER NOT NULL DEFAULT 0,"
	                              " failures INTEGER NOT NULL DEFAULT 0, ltpd REAL);"
	                              "CREATE INDEX verdicts_by_run ON verdicts(run_id);"
	                              "INSERT INTO verdicts (run_id, sample, test, parameter, limit_kind,"
	                              " unit, value, rule, outcome) VALUES (1, 'U01', 'T', 'vth',"
	                              " 'absolute', 'V', 2.5, 'simple', 'PASS');"
	                              "PRAGMA user_version = 1",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(wbg_store_open(&st, f->path, f->ctx), WBG_OK);
	{
		struct seen w;
		memset(&w, 0, sizeof(w));
		assert_int_equal(wbg_store_verdicts_list(st, run, on_verdict_outcome, &w), WBG_OK);
		assert_string_equal(w.text, "PASS:2.5;");
		wbg_verdict_info nv;
		memset(&nv, 0, sizeof(nv));
		nv = (wbg_verdict_info){"U02", "T", "vth", "absolute", "V", NAN, NAN, NAN, 2, 0,
		                        1, 3, 1, 3, "simple", NAN, "FAIL", NULL, NULL, 0, 0, 0, 0, NAN};
		assert_int_equal(wbg_store_verdicts_write(st, run, &nv, 1), WBG_OK);
		memset(&w, 0, sizeof(w));
		assert_int_equal(wbg_store_verdicts_list(st, run, on_verdict_outcome, &w), WBG_OK);
		assert_string_equal(w.text, "FAIL:nan;");
		assert_int_equal(wbg_store_aborted_list(st, run, on_aborted_none, NULL), WBG_OK);
	}
	assert_int_equal(wbg_store_run_read(st, run, keep_claim, &c), WBG_OK);
	assert_string_equal(c.status, "running");
	assert_int_equal(c.pid, 0);
	assert_int_equal(wbg_store_run_claim(st, run, "bench-5", 99), WBG_OK);
	assert_int_equal(wbg_store_run_read(st, run, keep_claim, &c), WBG_OK);
	assert_int_equal(c.pid, 99);
	wbg_store_close(st);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	version = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	assert_int_equal(version, WBG_STORE_SCHEMA_VERSION);
}

struct aborted_seen {
	int n;
	char why[128];
	size_t n_arrays, n_id;
	double id0, id_last, vgs2;
	int seq;
};

static int on_aborted(void *user, const wbg_aborted_record *a)
{
	struct aborted_seen *w = user;
	size_t k;

	w->n++;
	w->seq = a->step.seq;
	snprintf(w->why, sizeof(w->why), "%s", a->why);
	w->n_arrays = a->n_arrays;
	for (k = 0; k < a->n_arrays; k++) {
		if (strcmp(a->arrays[k].name, "id") == 0) {
			w->n_id = a->arrays[k].n;
			w->id0 = a->arrays[k].values[0];
			w->id_last = a->arrays[k].values[a->arrays[k].n - 1];
		}
		if (strcmp(a->arrays[k].name, "vgs") == 0)
			w->vgs2 = a->arrays[k].values[2];
	}
	return 0;
}

/* A step cut short keeps its arrays (NaN where not measured, bit for bit)
 * and why it stopped, apart from the completed steps: not seen by
 * wbg_store_step_exists (a resume measures it again), no parameters. */
static void test_aborted_steps(void **state)
{
	struct fixture *f = *state;
	double vgs[4] = {0, 0.5, 1.0, 1.5}, id[4] = {1e-9, 2e-6, NAN, NAN};
	wbg_array arrays[2] = {{"vgs", "V", vgs, 4}, {"id", "A", id, 4}};
	wbg_step step = {0};
	wbg_store *st = NULL;
	struct aborted_seen w;
	int64_t run = 0, aid = 0;
	bool exists = true;
	wbg_record *rec = NULL;
	const wbg_record *recs[1];

	assert_int_equal(wbg_store_open(&st, f->path, f->ctx), WBG_OK);
	assert_int_equal(wbg_store_run_begin(&run, st, &run_info), WBG_OK);
	step.sample = "U07";
	step.seq = 3;
	step.test = "HTGB";
	step.method = "transfer";
	step.readout_s = 3600;
	step.started = 1795842000.0;
	step.finished = 1795842000.5;
	step.arrays = arrays;
	step.n_arrays = 2;
	assert_int_equal(wbg_store_step_write_aborted(&aid, st, run, &step,
	                                              "drain SMU: the link dropped at point 3"),
	                 WBG_OK);
	assert_true(aid > 0);
	assert_int_equal(wbg_store_step_exists(&exists, st, run, "U07", 3), WBG_OK);
	assert_false(exists);
	memset(&w, 0, sizeof(w));
	assert_int_equal(wbg_store_aborted_list(st, run, on_aborted, &w), WBG_OK);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.seq, 3);
	assert_string_equal(w.why, "drain SMU: the link dropped at point 3");
	assert_int_equal(w.n_arrays, 2);
	assert_int_equal(w.n_id, 4);
	assert_double_near(w.id0, 1e-9, 0, 0);
	assert_true(isnan(w.id_last));
	assert_double_near(w.vgs2, 1.0, 0, 0);
	/* the completed step of the same seq is written afterwards as usual */
	assert_int_equal(write_step(st, run, "U07", 3, NULL, f->ctx), WBG_OK);
	assert_int_equal(wbg_store_step_exists(&exists, st, run, "U07", 3), WBG_OK);
	assert_true(exists);
	/* refused: no reason, records, no such run */
	assert_int_equal(wbg_store_step_write_aborted(NULL, st, run, &step, ""), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_record_new(&rec, "vth", 2.5, "V", 0.01, f->ctx), WBG_OK);
	recs[0] = rec;
	step.records = recs;
	step.n_records = 1;
	assert_int_equal(wbg_store_step_write_aborted(NULL, st, run, &step, "x"), WBG_ERR_INVALID_ARG);
	step.n_records = 0;
	wbg_record_free(rec);
	assert_int_equal(wbg_store_step_write_aborted(NULL, st, run + 9, &step, "x"), WBG_ERR_NOT_FOUND);
	assert_int_equal(wbg_store_aborted_list(st, run + 9, on_aborted, &w), WBG_ERR_NOT_FOUND);
	wbg_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test_setup_teardown(test_sha256_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_step_is_atomic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_foreign_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill9_loses_no_completed_step, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verdicts_and_readers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_claim, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aborted_steps, setup, teardown),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
