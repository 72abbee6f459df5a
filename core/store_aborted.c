/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Steps cut short: what a failed step had measured is kept, apart from the
 * completed steps (see wbg_store_step_write_aborted in include/wbg/store.h).
 * They are read back by wbg_store_aborted_list (store_read.c).
 */
#include "config.h"


#include "wbg/error.h"
#include "wbg/store.h"

#include "store_int.h"

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
	if (step->n_arrays > WBGI_STORE_MAX_ABORTED_ARRAYS)
		return wbg_ctx_error(st->ctx, WBG_ERR_OVERFLOW, "an aborted step with %zu arrays (at most %d)",
		                     step->n_arrays, WBGI_STORE_MAX_ABORTED_ARRAYS);
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
