/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's handle and SQL helpers, shared by core/store*.c only. */
#ifndef WBG_CORE_STORE_INT_H
#define WBG_CORE_STORE_INT_H

#include <sqlite3.h>

#include "wbg/store.h"

/* Most arrays one aborted step may carry (written and read back). */
#define WBGI_STORE_MAX_ABORTED_ARRAYS 64

struct wbg_store {
	sqlite3 *db;
	wbg_ctx *ctx;
	char path[1024];
};

/* WBG_ERR_STORE with SQLite's message, the file and @p what. */
int wbgi_store_db_error(wbg_store *st, const char *what);
int wbgi_store_exec(wbg_store *st, const char *sql, const char *what);
int wbgi_store_prepare(wbg_store *st, sqlite3_stmt **out, const char *sql);
/* Bind text, or NULL when @p v is NULL. */
int wbgi_store_bind_text(sqlite3_stmt *s, int i, const char *v);
/* WBG_OK when the run exists, else WBG_ERR_NOT_FOUND naming it, or WBG_ERR_STORE. */
int wbgi_store_require_run(wbg_store *st, int64_t run);
/* A step's fields, arrays and records checked before anything is written. */
int wbgi_store_check_step(wbg_store *st, const wbg_step *step);
/* Insert @p n arrays with @p insert_sql, "(owner, name, unit, n, data)" bound
 * as ?1..?5; values as little-endian IEEE 754 doubles. */
int wbgi_store_write_arrays(wbg_store *st, const char *insert_sql, int64_t owner,
                            const wbg_array *arrays, size_t n);
/* Decode a stored array from columns (count, blob) of the current row;
 * the count must match the blob exactly. */
int wbgi_store_column_values(double **out, size_t *out_n, wbg_store *st, sqlite3_stmt *s,
                             int col_n, int col_blob, const char *name);
/* Bind seq, test, method, readout_s, started, finished as ?first..?first+5. */
void wbgi_store_bind_step(sqlite3_stmt *s, int first, const wbg_step *step, const char *started,
                          const char *finished);
/* A Unix time as ISO 8601 UTC with milliseconds. */
int wbgi_store_time_text(char buf[32], double t);

#endif
