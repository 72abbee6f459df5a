/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The measurement store on SQLite. See include/wbg/store.h for the schema and
 * the durability contract: WAL + synchronous=FULL, one transaction per step.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "wbg/error.h"
#include "wbg/store.h"
#include "wbg/units.h"

#include "store_int.h"


/* The verdicts table. value is NULL for a unit that has no value of a
 * parameter its standard judges (a FAIL with no value, schema 3). */
#define VERDICTS_COLUMNS                                                                        \
	"(id INTEGER PRIMARY KEY,"                                                              \
	" run_id INTEGER NOT NULL REFERENCES runs(id),"                                         \
	" sample TEXT NOT NULL, test TEXT NOT NULL, parameter TEXT NOT NULL,"                   \
	" limit_kind TEXT NOT NULL, unit TEXT NOT NULL, readout_s REAL,"                        \
	" value REAL, u REAL, k REAL, expanded_u REAL,"                                         \
	" tl_lo REAL, tl_hi REAL, al_lo REAL, al_hi REAL,"                                      \
	" rule TEXT NOT NULL, pfa REAL, outcome TEXT NOT NULL, clause TEXT, note TEXT,"         \
	" plan_units INTEGER NOT NULL DEFAULT 0, plan_accept INTEGER NOT NULL DEFAULT 0,"       \
	" units INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0, ltpd REAL)"

/* Steps that a failure, a disconnect or an interrupt cut short: what they
 * had measured (arrays, NaN where not measured) and why they stopped. Kept
 * apart from steps, so a resumed run measures them again and no verdict
 * judges them (schema 3). */
#define ABORTED_TABLES                                                                          \
	"CREATE TABLE aborted_steps ("                                                          \
	" id INTEGER PRIMARY KEY,"                                                              \
	" run_id INTEGER NOT NULL REFERENCES runs(id),"                                         \
	" sample TEXT NOT NULL, seq INTEGER NOT NULL, test TEXT NOT NULL, method TEXT NOT NULL," \
	" readout_s REAL NOT NULL, started_utc TEXT NOT NULL, finished_utc TEXT NOT NULL,"      \
	" why TEXT NOT NULL);"                                                                  \
	"CREATE TABLE aborted_arrays ("                                                         \
	" id INTEGER PRIMARY KEY,"                                                              \
	" aborted_id INTEGER NOT NULL REFERENCES aborted_steps(id),"                            \
	" name TEXT NOT NULL, unit TEXT NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL,"      \
	" UNIQUE (aborted_id, name));"                                                          \
	"CREATE INDEX aborted_by_run ON aborted_steps(run_id);"

static const char schema_sql[] =
	"CREATE TABLE runs ("
	" id INTEGER PRIMARY KEY,"
	" lot TEXT NOT NULL,"
	" standard_file TEXT, standard_sha256 TEXT,"
	" device_file TEXT, device_sha256 TEXT,"
	" bench_file TEXT, bench_sha256 TEXT,"
	" software TEXT NOT NULL, operator TEXT NOT NULL, host TEXT NOT NULL,"
	" seed INTEGER NOT NULL DEFAULT 0,"
	" started_utc TEXT NOT NULL, finished_utc TEXT,"
	" status TEXT NOT NULL CHECK (status IN ('running','complete','interrupted','failed')),"
	" proc_host TEXT, proc_pid INTEGER);"
	"CREATE TABLE instruments ("
	" id INTEGER PRIMARY KEY,"
	" run_id INTEGER NOT NULL REFERENCES runs(id),"
	" role TEXT NOT NULL, resource TEXT NOT NULL, idn TEXT NOT NULL,"
	" manufacturer TEXT, model TEXT, serial TEXT, firmware TEXT, accuracy TEXT,"
	" UNIQUE (run_id, role));"
	"CREATE TABLE samples ("
	" id INTEGER PRIMARY KEY,"
	" run_id INTEGER NOT NULL REFERENCES runs(id),"
	" name TEXT NOT NULL,"
	" UNIQUE (run_id, name));"
	"CREATE TABLE steps ("
	" id INTEGER PRIMARY KEY,"
	" run_id INTEGER NOT NULL REFERENCES runs(id),"
	" sample_id INTEGER NOT NULL REFERENCES samples(id),"
	" seq INTEGER NOT NULL, test TEXT NOT NULL, method TEXT NOT NULL,"
	" readout_s REAL NOT NULL,"
	" started_utc TEXT NOT NULL, finished_utc TEXT NOT NULL,"
	" UNIQUE (run_id, sample_id, seq));"
	"CREATE TABLE arrays ("
	" id INTEGER PRIMARY KEY,"
	" step_id INTEGER NOT NULL REFERENCES steps(id),"
	" name TEXT NOT NULL, unit TEXT NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL,"
	" UNIQUE (step_id, name));"
	"CREATE TABLE parameters ("
	" id INTEGER PRIMARY KEY,"
	" step_id INTEGER NOT NULL REFERENCES steps(id),"
	" name TEXT NOT NULL, value REAL NOT NULL, unit TEXT NOT NULL, u REAL,"
	" time_utc TEXT NOT NULL);"
	"CREATE TABLE conditions ("
	" id INTEGER PRIMARY KEY,"
	" parameter_id INTEGER NOT NULL REFERENCES parameters(id),"
	" name TEXT NOT NULL, value REAL NOT NULL, unit TEXT NOT NULL);"
	"CREATE TABLE verdicts " VERDICTS_COLUMNS ";"
	"CREATE INDEX verdicts_by_run ON verdicts(run_id);"
	"CREATE INDEX steps_by_run ON steps(run_id);"
	"CREATE INDEX parameters_by_step ON parameters(step_id);"
	ABORTED_TABLES
	"PRAGMA user_version = 4;";

/* Version 1 to 2: the process that runs a run (host, pid), so a run whose
 * process is gone can be told from one in progress. */
static const char migrate_1_2[] =
	"ALTER TABLE runs ADD COLUMN proc_host TEXT;"
	"ALTER TABLE runs ADD COLUMN proc_pid INTEGER;"
	"PRAGMA user_version = 2;";

/* Version 2 to 3: a verdict's value may be NULL (a unit missing a value):
 * SQLite cannot drop NOT NULL in place, so the table is rebuilt, rows
 * kept; and the tables of aborted steps. */
static const char migrate_2_3[] =
	"CREATE TABLE verdicts_v3 " VERDICTS_COLUMNS ";"
	"INSERT INTO verdicts_v3 SELECT * FROM verdicts;"
	"DROP TABLE verdicts;"
	"ALTER TABLE verdicts_v3 RENAME TO verdicts;"
	"CREATE INDEX verdicts_by_run ON verdicts(run_id);"
	ABORTED_TABLES
	"PRAGMA user_version = 3;";

/* Version 3 to 4: the document an instrument's accuracy comes from (a data
 * sheet, or a lab's table from the bench file). */
static const char migrate_3_4[] =
	"ALTER TABLE instruments ADD COLUMN accuracy TEXT;"
	"PRAGMA user_version = 4;";

int wbgi_store_db_error(wbg_store *st, const char *what)
{
	return wbg_ctx_error(st->ctx, WBG_ERR_STORE, "store '%s': %s: %s", st->path, what,
	                     sqlite3_errmsg(st->db));
}

int wbgi_store_exec(wbg_store *st, const char *sql, const char *what)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return wbgi_store_db_error(st, what);
	return WBG_OK;
}

int wbgi_store_prepare(wbg_store *st, sqlite3_stmt **out, const char *sql)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK)
		return wbgi_store_db_error(st, "preparing a statement");
	return WBG_OK;
}

/* Bind text or NULL. */
int wbgi_store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s, i);
}

static int query_int(wbg_store *st, const char *sql, int64_t *out)
{
	sqlite3_stmt *s = NULL;
	int rc = wbgi_store_prepare(st, &s, sql);

	if (rc != WBG_OK)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	else
		rc = wbgi_store_db_error(st, sql);
	sqlite3_finalize(s);
	return rc;
}

int wbg_store_open(wbg_store **out, const char *path, wbg_ctx *ctx)
{
	wbg_store *st;
	int64_t version = 0, tables = 0;
	int rc;

	if (!out || !path || !path[0])
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_store_open: no file name");
	st = calloc(1, sizeof(*st));
	if (!st)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "out of memory opening store '%s'", path);
	st->ctx = ctx;
	snprintf(st->path, sizeof(st->path), "%s", path);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		rc = wbg_ctx_error(ctx, WBG_ERR_STORE,
		                   "cannot open store '%s': %s; check the path and that its folder is "
		                   "writable",
		                   path, st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 5000);
	/* Durability first: a completed step must survive a crash or power loss. */
	rc = wbgi_store_exec(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
	          "setting durability");
	if (rc != WBG_OK) {
		rc = wbg_ctx_error(ctx, WBG_ERR_STORE,
		                   "'%s' is not a wbgkit store (or is damaged): %s", path,
		                   sqlite3_errmsg(st->db));
		goto fail;
	}
	/* Read the version and create the schema under one write lock, so that
	 * two processes opening a new file at once cannot both create it. */
	rc = wbgi_store_exec(st, "BEGIN IMMEDIATE", "locking the store");
	if (rc != WBG_OK)
		goto fail;
	rc = query_int(st, "PRAGMA user_version", &version);
	if (rc == WBG_OK)
		rc = query_int(st, "SELECT count(*) FROM sqlite_schema", &tables);
	if (rc == WBG_OK && version == 0 && tables == 0)
		rc = wbgi_store_exec(st, schema_sql, "creating the schema");
	if (rc == WBG_OK && version == 1) {
		rc = wbgi_store_exec(st, migrate_1_2, "upgrading the store to schema version 2");
		version = 2;
	}
	if (rc == WBG_OK && version == 2) {
		rc = wbgi_store_exec(st, migrate_2_3, "upgrading the store to schema version 3");
		version = 3;
	}
	if (rc == WBG_OK && version == 3) {
		rc = wbgi_store_exec(st, migrate_3_4, "upgrading the store to schema version 4");
		version = 4;
	}
	if (rc == WBG_OK)
		rc = wbgi_store_exec(st, "COMMIT", "unlocking the store");
	if (rc != WBG_OK) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		goto fail;
	}
	if (version == 0 && tables != 0) {
		rc = wbg_ctx_error(ctx, WBG_ERR_STORE,
		                   "'%s' is an SQLite database but not a wbgkit store; choose another "
		                   "file with --db",
		                   path);
		goto fail;
	} else if (version > WBG_STORE_SCHEMA_VERSION) {
		rc = wbg_ctx_error(ctx, WBG_ERR_STORE,
		                   "store '%s' has schema version %lld, newer than this wbgkit (%d); "
		                   "use a newer wbgkit",
		                   path, (long long)version, WBG_STORE_SCHEMA_VERSION);
		goto fail;
	}
	*out = st;
	return WBG_OK;
fail:
	sqlite3_close(st->db);
	free(st);
	return rc;
}

void wbg_store_close(wbg_store *st)
{
	if (!st)
		return;
	sqlite3_close(st->db);
	free(st);
}

static int now_text(char buf[32], double t)
{
	return wbg_time_format(buf, 32, t);
}

int wbgi_store_time_text(char buf[32], double t)
{
	return now_text(buf, t);
}

static int is_sha256(const char *s)
{
	size_t i;

	if (!s)
		return 1; /* optional */
	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

/* WBG_OK when the run exists, else WBG_ERR_NOT_FOUND naming it, or WBG_ERR_STORE. */
int wbgi_store_require_run(wbg_store *st, int64_t run)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (wbgi_store_prepare(st, &s, "SELECT 1 FROM runs WHERE id = ?") != WBG_OK)
		return WBG_ERR_STORE;
	sqlite3_bind_int64(s, 1, run);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return WBG_OK;
	if (rc != SQLITE_DONE)
		return wbgi_store_db_error(st, "looking up a run");
	return wbg_ctx_error(st->ctx, WBG_ERR_NOT_FOUND, "store '%s' has no run %lld", st->path,
	                     (long long)run);
}

int wbg_store_run_begin(int64_t *out_run, wbg_store *st, const wbg_run_info *info)
{
	sqlite3_stmt *s = NULL;
	char started[32], software[256];
	int rc;

	if (!out_run || !st || !info)
		return wbg_ctx_error(st ? st->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "wbg_store_run_begin: NULL argument");
	if (!info->lot || !info->lot[0] || !info->operator_name || !info->operator_name[0] ||
	    !info->host || !info->host[0])
		return wbg_ctx_error(st->ctx, WBG_ERR_INVALID_ARG,
		                     "a run needs a lot, an operator and a host for its provenance");
	if (!is_sha256(info->standard_sha256) || !is_sha256(info->device_sha256) ||
	    !is_sha256(info->bench_sha256))
		return wbg_ctx_error(st->ctx, WBG_ERR_INVALID_ARG,
		                     "file digests must be 64 lowercase hex digits (SHA-256)");
	if (now_text(started, wbg_time_now()) != WBG_OK ||
	    wbg_version_details(software, sizeof(software)) != WBG_OK)
		return wbg_ctx_error(st->ctx, WBG_ERR_INTERNAL, "cannot format the run's provenance");
	rc = wbgi_store_prepare(st, &s,
	             "INSERT INTO runs (lot, standard_file, standard_sha256, device_file, "
	             "device_sha256, bench_file, bench_sha256, software, operator, host, seed, "
	             "started_utc, status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'running')");
	if (rc != WBG_OK)
		return rc;
	wbgi_store_bind_text(s, 1, info->lot);
	wbgi_store_bind_text(s, 2, info->standard_file);
	wbgi_store_bind_text(s, 3, info->standard_sha256);
	wbgi_store_bind_text(s, 4, info->device_file);
	wbgi_store_bind_text(s, 5, info->device_sha256);
	wbgi_store_bind_text(s, 6, info->bench_file);
	wbgi_store_bind_text(s, 7, info->bench_sha256);
	wbgi_store_bind_text(s, 8, software);
	wbgi_store_bind_text(s, 9, info->operator_name);
	wbgi_store_bind_text(s, 10, info->host);
	sqlite3_bind_int64(s, 11, info->seed);
	wbgi_store_bind_text(s, 12, started);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = wbgi_store_db_error(st, "recording a new run");
	else
		*out_run = sqlite3_last_insert_rowid(st->db);
	sqlite3_finalize(s);
	return rc;
}

int wbg_store_run_finish(wbg_store *st, int64_t run, const char *status)
{
	sqlite3_stmt *s = NULL;
	char finished[32];
	int rc;

	if (!st || !status)
		return WBG_ERR_INVALID_ARG;
	if (strcmp(status, "complete") != 0 && strcmp(status, "interrupted") != 0 &&
	    strcmp(status, "failed") != 0)
		return wbg_ctx_error(st->ctx, WBG_ERR_INVALID_ARG,
		                     "run status '%s' is not complete, interrupted or failed", status);
	if (now_text(finished, wbg_time_now()) != WBG_OK)
		return wbg_ctx_error(st->ctx, WBG_ERR_INTERNAL, "cannot format the time");
	rc = wbgi_store_prepare(st, &s, "UPDATE runs SET status = ?, finished_utc = ? WHERE id = ?");
	if (rc != WBG_OK)
		return rc;
	wbgi_store_bind_text(s, 1, status);
	wbgi_store_bind_text(s, 2, finished);
	sqlite3_bind_int64(s, 3, run);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = wbgi_store_db_error(st, "finishing a run");
	else if (sqlite3_changes(st->db) == 0)
		rc = wbgi_store_require_run(st, run);
	sqlite3_finalize(s);
	return rc;
}

int wbg_store_run_claim(wbg_store *st, int64_t run, const char *host, int64_t pid)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (!st || !host || !host[0] || pid <= 0)
		return wbg_ctx_error(st ? st->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "wbg_store_run_claim: a host and a positive pid are needed");
	rc = wbgi_store_prepare(st, &s, "UPDATE runs SET status = 'running', finished_utc = NULL, "
	                        "proc_host = ?, proc_pid = ? WHERE id = ?");
	if (rc != WBG_OK)
		return rc;
	wbgi_store_bind_text(s, 1, host);
	sqlite3_bind_int64(s, 2, pid);
	sqlite3_bind_int64(s, 3, run);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = wbgi_store_db_error(st, "recording the run's process");
	else if (sqlite3_changes(st->db) == 0)
		rc = wbgi_store_require_run(st, run);
	sqlite3_finalize(s);
	return rc;
}

int wbg_store_instrument_add(wbg_store *st, int64_t run, const wbg_instrument_info *inst)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (!st || !inst || !inst->role || !inst->resource || !inst->idn)
		return wbg_ctx_error(st ? st->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "an instrument needs a role, a resource and its *IDN? reply");
	rc = wbgi_store_require_run(st, run);
	if (rc != WBG_OK)
		return rc;
	rc = wbgi_store_prepare(st, &s,
	             "INSERT INTO instruments (run_id, role, resource, idn, manufacturer, model, "
	             "serial, firmware, accuracy) VALUES (?,?,?,?,?,?,?,?,?)");
	if (rc != WBG_OK)
		return rc;
	sqlite3_bind_int64(s, 1, run);
	wbgi_store_bind_text(s, 2, inst->role);
	wbgi_store_bind_text(s, 3, inst->resource);
	wbgi_store_bind_text(s, 4, inst->idn);
	wbgi_store_bind_text(s, 5, inst->manufacturer);
	wbgi_store_bind_text(s, 6, inst->model);
	wbgi_store_bind_text(s, 7, inst->serial);
	wbgi_store_bind_text(s, 8, inst->firmware);
	wbgi_store_bind_text(s, 9, inst->accuracy);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = wbgi_store_db_error(st, "recording an instrument (is its role already recorded?)");
	sqlite3_finalize(s);
	return rc;
}

static int sample_id(int64_t *out, wbg_store *st, int64_t run, const char *name, int create)
{
	sqlite3_stmt *s = NULL;
	int rc = wbgi_store_prepare(st, &s, "SELECT id FROM samples WHERE run_id = ? AND name = ?");

	if (rc != WBG_OK)
		return rc;
	sqlite3_bind_int64(s, 1, run);
	wbgi_store_bind_text(s, 2, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		return WBG_OK;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return wbgi_store_db_error(st, "looking up a sample");
	if (!create)
		return WBG_ERR_NOT_FOUND;
	rc = wbgi_store_prepare(st, &s, "INSERT INTO samples (run_id, name) VALUES (?, ?)");
	if (rc != WBG_OK)
		return rc;
	sqlite3_bind_int64(s, 1, run);
	wbgi_store_bind_text(s, 2, name);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = wbgi_store_db_error(st, "recording a sample");
	else
		*out = sqlite3_last_insert_rowid(st->db);
	sqlite3_finalize(s);
	return rc;
}

int wbgi_store_check_step(wbg_store *st, const wbg_step *step)
{
	size_t i, j;

	if (!step->sample || !step->sample[0] || !step->test || !step->test[0] || !step->method ||
	    !step->method[0])
		return wbg_ctx_error(st->ctx, WBG_ERR_INVALID_ARG,
		                     "a step needs a sample, a test and a method");
	if (!isfinite(step->readout_s) || step->readout_s < 0 || !isfinite(step->started) ||
	    !isfinite(step->finished))
		return wbg_ctx_error(st->ctx, WBG_ERR_INVALID_ARG,
		                     "step %d of sample '%s': readout and times must be finite",
		                     step->seq, step->sample);
	if ((step->n_arrays && !step->arrays) || (step->n_records && !step->records))
		return wbg_ctx_error(st->ctx, WBG_ERR_INVALID_ARG, "step %d: NULL arrays or records",
		                     step->seq);
	for (i = 0; i < step->n_arrays; i++) {
		const wbg_array *a = &step->arrays[i];
		if (!a->name || !a->name[0] || !a->unit || (a->n && !a->values))
			return wbg_ctx_error(st->ctx, WBG_ERR_INVALID_ARG,
			                     "step %d: array %zu has no name, unit or values", step->seq,
			                     i);
		if (a->n > WBG_STORE_MAX_ARRAY)
			return wbg_ctx_error(st->ctx, WBG_ERR_OVERFLOW,
			                     "step %d: array '%s' has %zu values, more than %u", step->seq,
			                     a->name, a->n, WBG_STORE_MAX_ARRAY);
		for (j = 0; j < i; j++)
			if (strcmp(step->arrays[j].name, a->name) == 0)
				return wbg_ctx_error(st->ctx, WBG_ERR_INVALID_ARG,
				                     "step %d: two arrays named '%s'", step->seq, a->name);
	}
	for (i = 0; i < step->n_records; i++)
		if (!step->records[i])
			return wbg_ctx_error(st->ctx, WBG_ERR_INVALID_ARG, "step %d: record %zu is NULL",
			                     step->seq, i);
	return WBG_OK;
}

/* Doubles as little-endian IEEE 754, whatever the host byte order. */
static unsigned char *pack_le(const double *v, size_t n)
{
	unsigned char *b = malloc(n ? n * 8 : 1);
	size_t i;
	int k;

	if (!b)
		return NULL;
	for (i = 0; i < n; i++) {
		uint64_t bits;
		memcpy(&bits, &v[i], 8);
		for (k = 0; k < 8; k++)
			b[i * 8 + (size_t)k] = (unsigned char)(bits >> (8 * k));
	}
	return b;
}

int wbgi_store_write_arrays(wbg_store *st, const char *insert_sql, int64_t owner,
                            const wbg_array *arrays, size_t n)
{
	sqlite3_stmt *s = NULL;
	size_t i;
	int rc = wbgi_store_prepare(st, &s, insert_sql);

	for (i = 0; rc == WBG_OK && i < n; i++) {
		const wbg_array *a = &arrays[i];
		unsigned char *blob = pack_le(a->values, a->n);
		if (!blob) {
			rc = wbg_ctx_error(st->ctx, WBG_ERR_NOMEM, "out of memory storing array '%s'",
			                   a->name);
			break;
		}
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, owner);
		wbgi_store_bind_text(s, 2, a->name);
		wbgi_store_bind_text(s, 3, a->unit);
		sqlite3_bind_int64(s, 4, (sqlite3_int64)a->n);
		sqlite3_bind_blob64(s, 5, blob, (sqlite3_uint64)a->n * 8, free);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = wbgi_store_db_error(st, "storing a raw array");
	}
	sqlite3_finalize(s);
	return rc;
}

static int write_records(wbg_store *st, int64_t step_id, const wbg_step *step)
{
	sqlite3_stmt *p = NULL, *c = NULL;
	size_t i, j;
	int rc = wbgi_store_prepare(st, &p,
	                 "INSERT INTO parameters (step_id, name, value, unit, u, time_utc) "
	                 "VALUES (?,?,?,?,?,?)");

	if (rc == WBG_OK)
		rc = wbgi_store_prepare(st, &c,
		             "INSERT INTO conditions (parameter_id, name, value, unit) VALUES (?,?,?,?)");
	for (i = 0; rc == WBG_OK && i < step->n_records; i++) {
		const wbg_record *r = step->records[i];
		char t[32];
		int64_t pid;
		if (now_text(t, wbg_record_time(r)) != WBG_OK)
			snprintf(t, sizeof(t), "unknown");
		sqlite3_reset(p);
		sqlite3_bind_int64(p, 1, step_id);
		wbgi_store_bind_text(p, 2, wbg_record_quantity(r));
		sqlite3_bind_double(p, 3, wbg_record_value(r));
		wbgi_store_bind_text(p, 4, wbg_record_unit(r));
		if (isnan(wbg_record_uncertainty(r)))
			sqlite3_bind_null(p, 5);
		else
			sqlite3_bind_double(p, 5, wbg_record_uncertainty(r));
		wbgi_store_bind_text(p, 6, t);
		if (sqlite3_step(p) != SQLITE_DONE) {
			rc = wbgi_store_db_error(st, "storing a parameter");
			break;
		}
		pid = sqlite3_last_insert_rowid(st->db);
		for (j = 0; rc == WBG_OK && j < wbg_record_condition_count(r); j++) {
			const char *name, *unit;
			double v;
			wbg_record_condition(&name, &v, &unit, r, j);
			sqlite3_reset(c);
			sqlite3_bind_int64(c, 1, pid);
			wbgi_store_bind_text(c, 2, name);
			sqlite3_bind_double(c, 3, v);
			wbgi_store_bind_text(c, 4, unit);
			if (sqlite3_step(c) != SQLITE_DONE)
				rc = wbgi_store_db_error(st, "storing a condition");
		}
	}
	sqlite3_finalize(p);
	sqlite3_finalize(c);
	return rc;
}

void wbgi_store_bind_step(sqlite3_stmt *s, int first, const wbg_step *step, const char *started,
                          const char *finished)
{
	sqlite3_bind_int(s, first, step->seq);
	wbgi_store_bind_text(s, first + 1, step->test);
	wbgi_store_bind_text(s, first + 2, step->method);
	sqlite3_bind_double(s, first + 3, step->readout_s);
	wbgi_store_bind_text(s, first + 4, started);
	wbgi_store_bind_text(s, first + 5, finished);
}

int wbg_store_step_write(int64_t *out_step, wbg_store *st, int64_t run, const wbg_step *step)
{
	sqlite3_stmt *s = NULL;
	char started[32], finished[32];
	int64_t sid = 0, step_id = 0;
	int rc;

	if (!st || !step)
		return WBG_ERR_INVALID_ARG;
	rc = wbgi_store_check_step(st, step);
	if (rc != WBG_OK)
		return rc;
	if (now_text(started, step->started) != WBG_OK || now_text(finished, step->finished) != WBG_OK)
		return wbg_ctx_error(st->ctx, WBG_ERR_INVALID_ARG, "step %d: times out of range",
		                     step->seq);
	rc = wbgi_store_require_run(st, run);
	if (rc != WBG_OK)
		return rc;

	rc = wbgi_store_exec(st, "BEGIN IMMEDIATE", "starting a step");
	if (rc != WBG_OK)
		return rc;
	rc = sample_id(&sid, st, run, step->sample, 1);
	if (rc == WBG_OK)
		rc = wbgi_store_prepare(st, &s,
		             "INSERT INTO steps (run_id, sample_id, seq, test, method, readout_s, "
		             "started_utc, finished_utc) VALUES (?,?,?,?,?,?,?,?)");
	if (rc == WBG_OK) {
		sqlite3_bind_int64(s, 1, run);
		sqlite3_bind_int64(s, 2, sid);
		wbgi_store_bind_step(s, 3, step, started, finished);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = wbg_ctx_error(st->ctx, WBG_ERR_STORE,
			                   "store '%s': step %d of sample '%s' cannot be written (%s); "
			                   "it may be stored already",
			                   st->path, step->seq, step->sample, sqlite3_errmsg(st->db));
		else
			step_id = sqlite3_last_insert_rowid(st->db);
		sqlite3_finalize(s);
	}
	if (rc == WBG_OK)
		rc = wbgi_store_write_arrays(st,
		                             "INSERT INTO arrays (step_id, name, unit, n, data) "
		                             "VALUES (?,?,?,?,?)",
		                             step_id, step->arrays, step->n_arrays);
	if (rc == WBG_OK)
		rc = write_records(st, step_id, step);
	if (rc == WBG_OK)
		rc = wbgi_store_exec(st, "COMMIT", "committing a step");
	if (rc != WBG_OK) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	if (out_step)
		*out_step = step_id;
	return WBG_OK;
}

int wbg_store_step_exists(bool *out, wbg_store *st, int64_t run, const char *sample, int seq)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (!out || !st || !sample)
		return WBG_ERR_INVALID_ARG;
	rc = wbgi_store_prepare(st, &s,
	             "SELECT 1 FROM steps JOIN samples ON samples.id = steps.sample_id "
	             "WHERE steps.run_id = ? AND samples.name = ? AND steps.seq = ?");
	if (rc != WBG_OK)
		return rc;
	sqlite3_bind_int64(s, 1, run);
	wbgi_store_bind_text(s, 2, sample);
	sqlite3_bind_int(s, 3, seq);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		*out = rc == SQLITE_ROW;
		rc = WBG_OK;
	} else {
		rc = wbgi_store_db_error(st, "looking up a step");
	}
	sqlite3_finalize(s);
	return rc;
}

int wbg_store_array_read(double **out_values, size_t *out_n, wbg_store *st, int64_t step,
                         const char *name)
{
	sqlite3_stmt *s = NULL;
	double *v = NULL;
	size_t n = 0;
	int rc;

	if (!out_values || !out_n || !st || !name)
		return WBG_ERR_INVALID_ARG;
	rc = wbgi_store_prepare(st, &s, "SELECT n, data FROM arrays WHERE step_id = ? AND name = ?");
	if (rc != WBG_OK)
		return rc;
	sqlite3_bind_int64(s, 1, step);
	wbgi_store_bind_text(s, 2, name);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return wbg_ctx_error(st->ctx, WBG_ERR_NOT_FOUND, "step %lld has no array '%s'",
		                     (long long)step, name);
	}
	rc = wbgi_store_column_values(&v, &n, st, s, 0, 1, name);
	if (rc != WBG_OK) {
		sqlite3_finalize(s);
		return rc;
	}
	sqlite3_finalize(s);
	*out_values = v;
	*out_n = n;
	return WBG_OK;
}

int wbgi_store_column_values(double **out, size_t *out_n, wbg_store *st, sqlite3_stmt *s,
                             int col_n, int col_blob, const char *name)
{
	const unsigned char *blob;
	int64_t n = sqlite3_column_int64(s, col_n);
	int bytes;
	double *v;
	size_t i;

	blob = sqlite3_column_blob(s, col_blob);
	bytes = sqlite3_column_bytes(s, col_blob);
	/* Never trust a stored length: it must match the blob exactly. */
	if (n < 0 || n > (int64_t)WBG_STORE_MAX_ARRAY || (int64_t)bytes != n * 8 ||
	    (n > 0 && !blob))
		return wbg_ctx_error(st->ctx, WBG_ERR_STORE,
		                     "store '%s': array '%s' is damaged (%lld values in %d bytes)",
		                     st->path, name, (long long)n, bytes);
	v = malloc(n ? (size_t)n * sizeof(double) : 1);
	if (!v)
		return wbg_ctx_error(st->ctx, WBG_ERR_NOMEM, "out of memory reading array '%s'", name);
	for (i = 0; i < (size_t)n; i++) {
		uint64_t bits = 0;
		int k;
		for (k = 7; k >= 0; k--)
			bits = (bits << 8) | blob[i * 8 + (size_t)k];
		memcpy(&v[i], &bits, 8);
	}
	*out = v;
	*out_n = (size_t)n;
	return WBG_OK;
}

int wbg_store_run_counts(wbg_run_counts *out, wbg_store *st, int64_t run)
{
	static const char *const sql[] = {
		"SELECT count(*) FROM samples WHERE run_id = ?",
		"SELECT count(*) FROM steps WHERE run_id = ?",
		"SELECT count(*) FROM arrays JOIN steps ON steps.id = arrays.step_id WHERE run_id = ?",
		"SELECT count(*) FROM parameters JOIN steps ON steps.id = parameters.step_id "
		"WHERE run_id = ?",
		"SELECT count(*) FROM instruments WHERE run_id = ?",
	};
	size_t *fields[5];
	size_t i;
	int rc;

	if (!out || !st)
		return WBG_ERR_INVALID_ARG;
	rc = wbgi_store_require_run(st, run);
	if (rc != WBG_OK)
		return rc;
	fields[0] = &out->samples;
	fields[1] = &out->steps;
	fields[2] = &out->arrays;
	fields[3] = &out->parameters;
	fields[4] = &out->instruments;
	for (i = 0; i < 5; i++) {
		sqlite3_stmt *s = NULL;
		rc = wbgi_store_prepare(st, &s, sql[i]);
		if (rc != WBG_OK)
			return rc;
		sqlite3_bind_int64(s, 1, run);
		if (sqlite3_step(s) != SQLITE_ROW) {
			sqlite3_finalize(s);
			return wbgi_store_db_error(st, "counting a run's records");
		}
		*fields[i] = (size_t)sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	return WBG_OK;
}
