/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's handle and SQL helpers, shared by core/store*.c only. */
#ifndef WBG_CORE_STORE_INT_H
#define WBG_CORE_STORE_INT_H

#include <sqlite3.h>

#include "wbg/store.h"

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

#endif
