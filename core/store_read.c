/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The store's verdicts and its readers: what export and report read back.
 * See include/wbg/store.h for the schema.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbg/error.h"
#include "wbg/store.h"

#include "store_int.h"

/* A real or NULL: NaN and infinities are stored as NULL. */
static void bind_real(sqlite3_stmt *s, int i, double v)
{
	if (isfinite(v))
		sqlite3_bind_double(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

/* A stored real, or @p null_value when NULL. */
static double col_real(sqlite3_stmt *s, int i, double null_value)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? null_value : sqlite3_column_double(s, i);
}

static const char *col_text(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

static int check_verdict(wbg_store *st, const wbg_verdict_info *v, size_t i)
{
	if (!v->test || !v->test[0] || !v->rule || !v->outcome || !v->limit)
		return wbg_ctx_error(st->ctx, WBG_ERR_INVALID_ARG,
		                     "verdict %zu needs a test, a kind of limit, a rule and an outcome", i);
	/* NaN: a unit with no value of the parameter; only as a failure */
	if (isnan(v->value) && strcmp(v->outcome, "FAIL") != 0)
		return wbg_ctx_error(st->ctx, WBG_ERR_INVALID_ARG,
		                     "verdict %zu (test %s, sample '%s'): no value, yet outcome %s; a "
		                     "missing value can only fail",
		                     i, v->test, v->sample ? v->sample : "", v->outcome);
	return WBG_OK;
}

int wbg_store_verdicts_write(wbg_store *st, int64_t run, const wbg_verdict_info *v, size_t n)
{
	sqlite3_stmt *s = NULL, *del = NULL;
	size_t i;
	int rc;

	if (!st || (n && !v))
		return wbg_ctx_error(st ? st->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "wbg_store_verdicts_write: NULL argument");
	for (i = 0; i < n; i++) {
		rc = check_verdict(st, &v[i], i);
		if (rc != WBG_OK)
			return rc;
	}
	rc = wbgi_store_require_run(st, run);
	if (rc != WBG_OK)
		return rc;
	rc = wbgi_store_exec(st, "BEGIN IMMEDIATE", "starting to write verdicts");
	if (rc != WBG_OK)
		return rc;
	rc = wbgi_store_prepare(st, &del, "DELETE FROM verdicts WHERE run_id = ?");
	if (rc == WBG_OK) {
		sqlite3_bind_int64(del, 1, run);
		if (sqlite3_step(del) != SQLITE_DONE)
			rc = wbgi_store_db_error(st, "replacing the verdicts");
	}
	if (rc == WBG_OK)
		rc = wbgi_store_prepare(st, &s,
		                        "INSERT INTO verdicts (run_id, sample, test, parameter, limit_kind, "
		                        "unit, readout_s, value, u, k, expanded_u, tl_lo, tl_hi, al_lo, al_hi, rule, "
		                        "pfa, outcome, clause, note, plan_units, plan_accept, units, "
		                        "failures, ltpd) "
		                        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	for (i = 0; rc == WBG_OK && i < n; i++) {
		const wbg_verdict_info *x = &v[i];
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, run);
		wbgi_store_bind_text(s, 2, x->sample ? x->sample : "");
		wbgi_store_bind_text(s, 3, x->test);
		wbgi_store_bind_text(s, 4, x->parameter ? x->parameter : "");
		wbgi_store_bind_text(s, 5, x->limit);
		wbgi_store_bind_text(s, 6, x->unit ? x->unit : "");
		bind_real(s, 7, x->readout_s);
		bind_real(s, 8, x->value);
		bind_real(s, 9, x->u);
		bind_real(s, 10, x->k);
		bind_real(s, 11, x->U);
		bind_real(s, 12, x->tl_lo);
		bind_real(s, 13, x->tl_hi);
		bind_real(s, 14, x->al_lo);
		bind_real(s, 15, x->al_hi);
		wbgi_store_bind_text(s, 16, x->rule);
		bind_real(s, 17, x->pfa);
		wbgi_store_bind_text(s, 18, x->outcome);
		wbgi_store_bind_text(s, 19, x->clause);
		wbgi_store_bind_text(s, 20, x->note);
		sqlite3_bind_int64(s, 21, x->plan_units);
		sqlite3_bind_int64(s, 22, x->plan_accept);
		sqlite3_bind_int64(s, 23, x->units);
		sqlite3_bind_int64(s, 24, x->failures);
		bind_real(s, 25, x->ltpd);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = wbgi_store_db_error(st, "storing a verdict");
	}
	sqlite3_finalize(s);
	sqlite3_finalize(del);
	if (rc == WBG_OK)
		rc = wbgi_store_exec(st, "COMMIT", "committing the verdicts");
	if (rc != WBG_OK)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* The callback of a listing, whichever its type. */
union any_fn {
	wbg_run_fn run;
	wbg_instrument_fn inst;
	wbg_step_fn step;
	wbg_array_fn arr;
	wbg_param_fn param;
	wbg_verdict_fn verdict;
	wbg_aborted_fn aborted;
};

/* Step through a prepared statement, calling @p row for each row; the
 * statement is finalized. @p row returns the callback's value. */
typedef int (*row_fn)(sqlite3_stmt *s, const union any_fn *fn, void *user);

static int each_row(wbg_store *st, sqlite3_stmt *s, row_fn row, const union any_fn *fn,
                    void *user)
{
	int rc = WBG_OK, step;

	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rc = row(s, fn, user);
		if (rc != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = wbgi_store_db_error(st, "reading the store");
	sqlite3_finalize(s);
	return rc;
}

/* Prepare @p sql, bind the run as ?1 when @p run >= 0 (after checking it
 * exists), and call @p row for each row. */
static int list(wbg_store *st, int64_t run, const char *sql, row_fn row, const union any_fn *fn,
                    void *user)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (!st || !fn->run)
		return wbg_ctx_error(st ? st->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "store listing: NULL argument");
	if (run >= 0) {
		rc = wbgi_store_require_run(st, run);
		if (rc != WBG_OK)
			return rc;
	}
	rc = wbgi_store_prepare(st, &s, sql);
	if (rc != WBG_OK)
		return rc;
	if (run >= 0)
		sqlite3_bind_int64(s, 1, run);
	return each_row(st, s, row, fn, user);
}

#define RUN_COLUMNS                                                                          \
	"SELECT id, lot, standard_file, standard_sha256, device_file, device_sha256, bench_file, " \
	"bench_sha256, operator, host, seed, software, started_utc, finished_utc, status, "         \
	"proc_host, proc_pid FROM runs "

static int run_row(sqlite3_stmt *s, const union any_fn *fn, void *user)
{
	wbg_run_record r;

	memset(&r, 0, sizeof(r));
	r.id = sqlite3_column_int64(s, 0);
	r.info.lot = col_text(s, 1);
	r.info.standard_file = col_text(s, 2);
	r.info.standard_sha256 = col_text(s, 3);
	r.info.device_file = col_text(s, 4);
	r.info.device_sha256 = col_text(s, 5);
	r.info.bench_file = col_text(s, 6);
	r.info.bench_sha256 = col_text(s, 7);
	r.info.operator_name = col_text(s, 8);
	r.info.host = col_text(s, 9);
	r.info.seed = sqlite3_column_int64(s, 10);
	r.software = col_text(s, 11);
	r.started_utc = col_text(s, 12);
	r.finished_utc = col_text(s, 13);
	r.status = col_text(s, 14);
	r.proc_host = col_text(s, 15);
	r.proc_pid = sqlite3_column_int64(s, 16);
	return fn->run(user, &r);
}

int wbg_store_runs_list(wbg_store *st, wbg_run_fn fn, void *user)
{
	union any_fn u;

	u.run = fn;
	return list(st, -1, RUN_COLUMNS "ORDER BY id", run_row, &u, user);
}

int wbg_store_run_read(wbg_store *st, int64_t run, wbg_run_fn fn, void *user)
{
	union any_fn u;

	u.run = fn;
	if (run < 0)
		return wbg_ctx_error(st ? st->ctx : NULL, WBG_ERR_INVALID_ARG, "no run %lld",
		                     (long long)run);
	return list(st, run, RUN_COLUMNS "WHERE id = ?1", run_row, &u, user);
}

static int instrument_row(sqlite3_stmt *s, const union any_fn *fn, void *user)
{
	wbg_instrument_info i;

	i.role = col_text(s, 0);
	i.resource = col_text(s, 1);
	i.idn = col_text(s, 2);
	i.manufacturer = col_text(s, 3);
	i.model = col_text(s, 4);
	i.serial = col_text(s, 5);
	i.firmware = col_text(s, 6);
	i.accuracy = col_text(s, 7);
	return fn->inst(user, &i);
}

int wbg_store_instruments_list(wbg_store *st, int64_t run, wbg_instrument_fn fn, void *user)
{
	union any_fn u;

	u.inst = fn;
	return list(st, run,
	            "SELECT role, resource, idn, manufacturer, model, serial, firmware, accuracy "
	            "FROM instruments WHERE run_id = ?1 ORDER BY role",
	            instrument_row, &u, user);
}

/* Columns 0..7 as id, sample, seq, test, method, readout_s, started_utc,
 * finished_utc: a completed step as listed, or an aborted one. */
static void step_columns(sqlite3_stmt *s, wbg_step_record *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->sample = col_text(s, 1);
	r->seq = sqlite3_column_int(s, 2);
	r->test = col_text(s, 3);
	r->method = col_text(s, 4);
	r->readout_s = sqlite3_column_double(s, 5);
	r->started_utc = col_text(s, 6);
	r->finished_utc = col_text(s, 7);
}

static int step_row(sqlite3_stmt *s, const union any_fn *fn, void *user)
{
	wbg_step_record r;

	step_columns(s, &r);
	return fn->step(user, &r);
}

int wbg_store_steps_list(wbg_store *st, int64_t run, wbg_step_fn fn, void *user)
{
	union any_fn u;

	u.step = fn;
	return list(st, run,
	            "SELECT steps.id, samples.name, seq, test, method, readout_s, started_utc, "
	            "finished_utc FROM steps JOIN samples ON samples.id = steps.sample_id "
	            "WHERE steps.run_id = ?1 ORDER BY samples.id, seq",
	            step_row, &u, user);
}

static int array_row(sqlite3_stmt *s, const union any_fn *fn, void *user)
{
	wbg_array_record r;
	int64_t n = sqlite3_column_int64(s, 3);

	r.step = sqlite3_column_int64(s, 0);
	r.name = col_text(s, 1);
	r.unit = col_text(s, 2);
	r.n = n < 0 ? 0 : (size_t)n;
	return fn->arr(user, &r);
}

int wbg_store_arrays_list(wbg_store *st, int64_t run, wbg_array_fn fn, void *user)
{
	union any_fn u;

	u.arr = fn;
	return list(st, run,
	            "SELECT arrays.step_id, arrays.name, arrays.unit, arrays.n FROM arrays "
	            "JOIN steps ON steps.id = arrays.step_id JOIN samples ON samples.id = "
	            "steps.sample_id WHERE steps.run_id = ?1 ORDER BY samples.id, steps.seq, "
	            "arrays.id",
	            array_row, &u, user);
}

static int param_row(sqlite3_stmt *s, const union any_fn *fn, void *user)
{
	wbg_param_record r;

	r.step = sqlite3_column_int64(s, 0);
	r.sample = col_text(s, 1);
	r.test = col_text(s, 2);
	r.method = col_text(s, 3);
	r.readout_s = sqlite3_column_double(s, 4);
	r.name = col_text(s, 5);
	r.value = sqlite3_column_double(s, 6);
	r.unit = col_text(s, 7);
	r.u = col_real(s, 8, NAN);
	r.time_utc = col_text(s, 9);
	return fn->param(user, &r);
}

int wbg_store_params_list(wbg_store *st, int64_t run, wbg_param_fn fn, void *user)
{
	union any_fn u;

	u.param = fn;
	return list(st, run,
	            "SELECT steps.id, samples.name, steps.test, steps.method, steps.readout_s, "
	            "p.name, p.value, p.unit, p.u, p.time_utc FROM parameters p "
	            "JOIN steps ON steps.id = p.step_id JOIN samples ON samples.id = steps.sample_id "
	            "WHERE steps.run_id = ?1 ORDER BY samples.id, steps.seq, p.id",
	            param_row, &u, user);
}

static int verdict_row(sqlite3_stmt *s, const union any_fn *fn, void *user)
{
	wbg_verdict_info v;

	v.sample = col_text(s, 0);
	v.test = col_text(s, 1);
	v.parameter = col_text(s, 2);
	v.limit = col_text(s, 3);
	v.unit = col_text(s, 4);
	v.readout_s = col_real(s, 5, NAN);
	v.value = col_real(s, 6, NAN);
	v.u = col_real(s, 7, NAN);
	v.k = col_real(s, 8, NAN);
	v.U = col_real(s, 9, NAN);
	v.tl_lo = col_real(s, 10, -INFINITY);
	v.tl_hi = col_real(s, 11, INFINITY);
	v.al_lo = col_real(s, 12, -INFINITY);
	v.al_hi = col_real(s, 13, INFINITY);
	v.rule = col_text(s, 14);
	v.pfa = col_real(s, 15, NAN);
	v.outcome = col_text(s, 16);
	v.clause = col_text(s, 17);
	v.note = col_text(s, 18);
	v.plan_units = (unsigned)sqlite3_column_int64(s, 19);
	v.plan_accept = (unsigned)sqlite3_column_int64(s, 20);
	v.units = (unsigned)sqlite3_column_int64(s, 21);
	v.failures = (unsigned)sqlite3_column_int64(s, 22);
	v.ltpd = col_real(s, 23, NAN);
	return fn->verdict(user, &v);
}

int wbg_store_verdicts_list(wbg_store *st, int64_t run, wbg_verdict_fn fn, void *user)
{
	union any_fn u;

	u.verdict = fn;
	return list(st, run,
	            "SELECT sample, test, parameter, limit_kind, unit, readout_s, value, u, k, expanded_u, "
	            "tl_lo, tl_hi, al_lo, al_hi, rule, pfa, outcome, clause, note, plan_units, "
	            "plan_accept, units, failures, ltpd FROM verdicts "
	            "WHERE run_id = ?1 ORDER BY id",
	            verdict_row, &u, user);
}

/* The arrays of aborted step @p id into @p arr (values owned by the caller). */
static int read_aborted_arrays(wbg_store *st, int64_t id, wbg_array *arr, char (*names)[2][64],
                               size_t *out_n)
{
	sqlite3_stmt *s = NULL;
	size_t n = 0;
	int rc = wbgi_store_prepare(st, &s,
	                            "SELECT name, unit, n, data FROM aborted_arrays WHERE aborted_id = ? "
	                            "ORDER BY id");
	int step = SQLITE_DONE;

	if (rc != WBG_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	while (rc == WBG_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = col_text(s, 0), *unit = col_text(s, 1);
		double *v = NULL;
		size_t nv = 0;
		if (n == WBGI_STORE_MAX_ABORTED_ARRAYS) {
			rc = wbg_ctx_error(st->ctx, WBG_ERR_STORE,
			                   "store '%s': aborted step %lld has more than %d arrays",
			                   st->path, (long long)id, WBGI_STORE_MAX_ABORTED_ARRAYS);
			break;
		}
		snprintf(names[n][0], sizeof(names[n][0]), "%s", name ? name : "");
		snprintf(names[n][1], sizeof(names[n][1]), "%s", unit ? unit : "");
		rc = wbgi_store_column_values(&v, &nv, st, s, 2, 3, names[n][0]);
		if (rc != WBG_OK)
			break;
		arr[n].name = names[n][0];
		arr[n].unit = names[n][1];
		arr[n].values = v;
		arr[n].n = nv;
		n++;
	}
	if (rc == WBG_OK && step != SQLITE_DONE)
		rc = wbgi_store_db_error(st, "reading an aborted step's arrays");
	sqlite3_finalize(s);
	*out_n = n;
	return rc;
}

/* What aborted_row needs besides the row: the store, to read the arrays. */
struct aborted_listing {
	wbg_store *st;
	wbg_aborted_fn fn;
	void *user;
};

static int aborted_row(sqlite3_stmt *s, const union any_fn *fn, void *user)
{
	struct aborted_listing *l = user;
	char names[WBGI_STORE_MAX_ABORTED_ARRAYS][2][64];
	wbg_array arr[WBGI_STORE_MAX_ABORTED_ARRAYS];
	wbg_aborted_record a;
	size_t n = 0, k;
	int rc;

	(void)fn;
	step_columns(s, &a.step);
	a.why = col_text(s, 8);
	rc = read_aborted_arrays(l->st, a.step.id, arr, names, &n);
	a.arrays = arr;
	a.n_arrays = n;
	if (rc == WBG_OK)
		rc = l->fn(l->user, &a);
	for (k = 0; k < n; k++)
		free((double *)arr[k].values);
	return rc;
}

int wbg_store_aborted_list(wbg_store *st, int64_t run, wbg_aborted_fn fn, void *user)
{
	struct aborted_listing l = {st, fn, user};
	union any_fn u;

	u.aborted = fn;
	return list(st, run,
	            "SELECT id, sample, seq, test, method, readout_s, started_utc, finished_utc, "
	            "why FROM aborted_steps WHERE run_id = ?1 ORDER BY id",
	            aborted_row, &u, &l);
}
