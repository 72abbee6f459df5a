/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Steps cut short: what a failed step had measured is kept, apart from the
 * completed steps (see wbg_store_step_write_aborted in include/wbg/store.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbg/error.h"
#include "wbg/store.h"

#include "store_int.h"

/* Most arrays one aborted step may carry when read back. */
#define MAX_ABORTED_ARRAYS 64

int wbg_store_step_write_aborted(int64_t *out_id, wbg_store *st, int64_t run,
                                 const wbg_step *step, const char *why)
{
	sqlite3_stmt *s = NULL;
	char started[32], finished[32];
	int64_t id = 0;
	int rc;

	if (!st || !step)
		return WBG_ERR_INVALID_ARG;
	if (!why || !why[0] || step->n_records)
		return wbg_ctx_error(st->ctx, WBG_ERR_INVALID_ARG,
		                     "an aborted step keeps arrays and the reason it stopped, no records");
	if (step->n_arrays > MAX_ABORTED_ARRAYS)
		return wbg_ctx_error(st->ctx, WBG_ERR_OVERFLOW, "an aborted step with %zu arrays (at most %d)",
		                     step->n_arrays, MAX_ABORTED_ARRAYS);
	rc = wbgi_store_check_step(st, step);
	if (rc != WBG_OK)
		return rc;
	if (wbgi_store_time_text(started, step->started) != WBG_OK ||
	    wbgi_store_time_text(finished, step->finished) != WBG_OK)
		return wbg_ctx_error(st->ctx, WBG_ERR_INVALID_ARG, "step %d: times out of range",
		                     step->seq);
	rc = wbgi_store_require_run(st, run);
	if (rc != WBG_OK)
		return rc;
	rc = wbgi_store_exec(st, "BEGIN IMMEDIATE", "starting an aborted step");
	if (rc != WBG_OK)
		return rc;
	rc = wbgi_store_prepare(st, &s,
	                        "INSERT INTO aborted_steps (run_id, sample, seq, test, method, readout_s, "
	                        "started_utc, finished_utc, why) VALUES (?,?,?,?,?,?,?,?,?)");
	if (rc == WBG_OK) {
		sqlite3_bind_int64(s, 1, run);
		wbgi_store_bind_text(s, 2, step->sample);
		wbgi_store_bind_step(s, 3, step, started, finished);
		wbgi_store_bind_text(s, 9, why);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = wbgi_store_db_error(st, "storing an aborted step");
		else
			id = sqlite3_last_insert_rowid(st->db);
		sqlite3_finalize(s);
	}
	if (rc == WBG_OK)
		rc = wbgi_store_write_arrays(st,
		                             "INSERT INTO aborted_arrays (aborted_id, name, unit, n, data) "
		                             "VALUES (?,?,?,?,?)",
		                             id, step->arrays, step->n_arrays);
	if (rc == WBG_OK)
		rc = wbgi_store_exec(st, "COMMIT", "committing an aborted step");
	if (rc != WBG_OK) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	if (out_id)
		*out_id = id;
	return WBG_OK;
}

static const char *text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? (const char *)t : "";
}

/* The arrays of aborted step @p id into @p arr (values owned by the caller). */
static int read_arrays(wbg_store *st, int64_t id, wbg_array *arr, char (*names)[2][64],
                       size_t *out_n)
{
	sqlite3_stmt *s = NULL;
	size_t n = 0;
	int rc = wbgi_store_prepare(st, &s,
	                            "SELECT name, unit, n, data FROM aborted_arrays WHERE aborted_id = ? "
	                            "ORDER BY id");
	int step;

	if (rc != WBG_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	while (rc == WBG_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		double *v = NULL;
		size_t nv = 0;
		if (n == MAX_ABORTED_ARRAYS) {
			rc = wbg_ctx_error(st->ctx, WBG_ERR_STORE,
			                   "store '%s': aborted step %lld has more than %d arrays",
			                   st->path, (long long)id, MAX_ABORTED_ARRAYS);
			break;
		}
		snprintf(names[n][0], sizeof(names[n][0]), "%s", text(s, 0));
		snprintf(names[n][1], sizeof(names[n][1]), "%s", text(s, 1));
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

int wbg_store_aborted_list(wbg_store *st, int64_t run, wbg_aborted_fn fn, void *user)
{
	sqlite3_stmt *s = NULL;
	int rc, step;

	if (!st || !fn)
		return wbg_ctx_error(st ? st->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "wbg_store_aborted_list: NULL argument");
	rc = wbgi_store_require_run(st, run);
	if (rc == WBG_OK)
		rc = wbgi_store_prepare(st, &s,
		                        "SELECT id, sample, seq, test, method, readout_s, started_utc, "
		                        "finished_utc, why FROM aborted_steps WHERE run_id = ? ORDER BY id");
	if (rc != WBG_OK)
		return rc;
	sqlite3_bind_int64(s, 1, run);
	while (rc == WBG_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		char names[MAX_ABORTED_ARRAYS][2][64];
		wbg_array arr[MAX_ABORTED_ARRAYS];
		wbg_aborted_record a;
		size_t n = 0, k;

		a.step.id = sqlite3_column_int64(s, 0);
		a.step.sample = text(s, 1);
		a.step.seq = sqlite3_column_int(s, 2);
		a.step.test = text(s, 3);
		a.step.method = text(s, 4);
		a.step.readout_s = sqlite3_column_double(s, 5);
		a.step.started_utc = text(s, 6);
		a.step.finished_utc = text(s, 7);
		a.why = text(s, 8);
		rc = read_arrays(st, a.step.id, arr, names, &n);
		a.arrays = arr;
		a.n_arrays = n;
		if (rc == WBG_OK)
			rc = fn(user, &a);
		for (k = 0; k < n; k++)
			free((double *)arr[k].values);
	}
	if (rc == WBG_OK && step != SQLITE_DONE)
		rc = wbgi_store_db_error(st, "reading the aborted steps");
	sqlite3_finalize(s);
	return rc;
}
