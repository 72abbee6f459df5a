/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/store.h
 * @brief The measurement store: one SQLite file of runs, samples, steps, raw
 * arrays, parameters and their provenance.
 *
 * Durability: the database runs in WAL mode with synchronous=FULL, and each
 * step (its raw arrays and its parameters) is written in one transaction.
 * A crash, kill or power loss therefore loses at most the step in flight;
 * a step that wbg_store_step_write() reported as written is on disk.
 *
 * Schema (version 1; `PRAGMA user_version` holds it):
 *
 *     runs(id, lot, standard_file, standard_sha256, device_file, device_sha256,
 *          bench_file, bench_sha256, software, operator, host, seed,
 *          started_utc, finished_utc, status)       status: running | complete |
 *                                                   interrupted | failed
 *     instruments(id, run_id, role, resource, idn, manufacturer, model,
 *                 serial, firmware, accuracy)       UNIQUE(run_id, role)
 *     samples(id, run_id, name)                     UNIQUE(run_id, name)
 *     steps(id, run_id, sample_id, seq, test, method, readout_s,
 *           started_utc, finished_utc)              UNIQUE(run_id, sample_id, seq)
 *     arrays(id, step_id, name, unit, n, data)      data: n IEEE 754 doubles,
 *                                                   little-endian
 *     parameters(id, step_id, name, value, unit, u, time_utc)
 *     conditions(id, parameter_id, name, value, unit)
 *     verdicts(id, run_id, sample, test, parameter, limit_kind, unit,
 *              readout_s, value, u, k, expanded_u, tl_lo, tl_hi, al_lo, al_hi,
 *              rule, pfa, outcome, clause, note, plan_units,
 *              plan_accept, units, failures, ltpd) one row per verdict of
 *                                                 the run's evaluation
 *
 * Verdict limits are SI; an open side of an interval is stored as NULL,
 * as are an unknown u or PFA and the readout of a verdict over all
 * readouts. wbg_store_verdicts_write() replaces a run's verdicts in one
 * transaction, so a re-evaluation (after --resume) never mixes two sets.
 *
 * Times are ISO 8601 UTC text; values are SI, in the unit stored beside them.
 * A store handle is not thread-safe.
 */
#ifndef WBG_STORE_H
#define WBG_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wbg/common.h"
#include "wbg/context.h"
#include "wbg/record.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wbg_store wbg_store;

/** The schema version this library writes and reads. */
#define WBG_STORE_SCHEMA_VERSION 4

/** Provenance of a run. Strings are copied; NULL is stored as NULL. */
typedef struct wbg_run_info {
	const char *lot;             /**< required */
	const char *standard_file;
	const char *standard_sha256; /**< 64 lowercase hex digits, see wbg_sha256_file() */
	const char *device_file;
	const char *device_sha256;
	const char *bench_file;
	const char *bench_sha256;
	const char *operator_name;   /**< required: who ran it */
	const char *host;            /**< required: which machine */
	int64_t seed;                /**< random seed of a virtual-bench run, else 0 */
} wbg_run_info;

/** An instrument used by a run. Strings are copied. */
typedef struct wbg_instrument_info {
	const char *role;     /**< required, e.g. "gate", "drain", "lcr" */
	const char *resource; /**< required, the VISA resource string */
	const char *idn;      /**< required, the full *IDN? reply */
	const char *manufacturer;
	const char *model;
	const char *serial;
	const char *firmware;
	/** the document its readings' uncertainties come from: a data sheet,
	 * or the lab's table from the bench file (wbg_smu_accuracy_source());
	 * NULL when none (u = NaN). Schema 4. */
	const char *accuracy;
} wbg_instrument_info;

/** A named raw array of one step, e.g. "vgs" in V. Values are borrowed. */
typedef struct wbg_array {
	const char *name;
	const char *unit; /**< coherent SI unit, as for records */
	const double *values;
	size_t n;
} wbg_array;

/** One completed measurement step, written atomically. Everything is borrowed. */
typedef struct wbg_step {
	const char *sample; /**< created in the run on first use */
	int seq;            /**< the step's position in the plan, unique per sample */
	const char *test;   /**< the standard's test id, e.g. "vth-initial" */
	const char *method; /**< the measurement method, e.g. "transfer" */
	double readout_s;   /**< stress time of this readout, 0 for the baseline */
	double started;     /**< Unix times */
	double finished;
	const wbg_array *arrays;
	size_t n_arrays;
	const wbg_record *const *records; /**< extracted or spot parameters */
	size_t n_records;
} wbg_step;

/** Largest raw array accepted, in values (64 Mi doubles = 512 MiB). */
#define WBG_STORE_MAX_ARRAY (64u * 1024u * 1024u)

/**
 * Open (creating it if needed) a store file.
 * @param[out] out the store, owned by the caller (wbg_store_close).
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOMEM, WBG_ERR_STORE (cannot
 *         open, not a wbgkit store, or a newer schema: the detail says which
 *         and names the file).
 */
WBG_API int wbg_store_open(wbg_store **out, const char *path, wbg_ctx *ctx);

/** Close the store. NULL is a no-op. */
WBG_API void wbg_store_close(wbg_store *st);

/**
 * Start a run; its start time is now and its status "running".
 * The software version (wbg_version_details()) is recorded automatically.
 * @return WBG_OK, WBG_ERR_INVALID_ARG (a required field missing, a digest
 *         that is not 64 hex digits), WBG_ERR_STORE.
 */
WBG_API int wbg_store_run_begin(int64_t *out_run, wbg_store *st, const wbg_run_info *info);

/**
 * End a run with status "complete", "interrupted" or "failed".
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOT_FOUND, WBG_ERR_STORE.
 */
WBG_API int wbg_store_run_finish(wbg_store *st, int64_t run, const char *status);

/**
 * Record that the process @p pid on @p host runs (or resumes) run @p run
 * now: its status becomes "running" again and its finish time is cleared.
 * A reader can then tell a run in progress from one whose process died
 * (kill -9, power loss): status running, but no such process on that host.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOT_FOUND (no such run),
 *         WBG_ERR_STORE.
 */
WBG_API int wbg_store_run_claim(wbg_store *st, int64_t run, const char *host, int64_t pid);

/**
 * Record an instrument of a run (once per role).
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOT_FOUND (no such run),
 *         WBG_ERR_STORE (e.g. the role is already recorded).
 */
WBG_API int wbg_store_instrument_add(wbg_store *st, int64_t run, const wbg_instrument_info *inst);

/**
 * Write a completed step with its raw arrays and parameters in one
 * transaction: either all of it is stored or none of it.
 * @param[out] out_step optional, the new step's id.
 * @return WBG_OK, WBG_ERR_INVALID_ARG (missing names, non-finite times,
 *         NULL array values, duplicate array names), WBG_ERR_OVERFLOW (array
 *         longer than WBG_STORE_MAX_ARRAY), WBG_ERR_NOT_FOUND (no such run),
 *         WBG_ERR_STORE (including a step already written at this seq).
 */
WBG_API int wbg_store_step_write(int64_t *out_step, wbg_store *st, int64_t run,
                                 const wbg_step *step);

/**
 * Keep what a step that failed (an instrument error, a disconnect, an
 * interrupt) had measured: its arrays (NaN where a point was not measured)
 * and @p why it stopped, in one transaction, apart from the completed steps:
 * wbg_store_step_exists() does not see it (a resumed run measures the step
 * again) and no verdict judges it. Records are not kept (a step cut short
 * has none); the step's times say when it started and stopped.
 * @param[out] out_id its id (may be NULL).
 * @return WBG_OK, WBG_ERR_INVALID_ARG (as wbg_store_step_write, or records
 *         given, or no @p why), WBG_ERR_NOT_FOUND (no such run),
 *         WBG_ERR_OVERFLOW, WBG_ERR_NOMEM, WBG_ERR_STORE.
 */
WBG_API int wbg_store_step_write_aborted(int64_t *out_id, wbg_store *st, int64_t run,
                                         const wbg_step *step, const char *why);

/**
 * Whether a step of a run is already stored (for resuming a run).
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_STORE.
 */
WBG_API int wbg_store_step_exists(bool *out, wbg_store *st, int64_t run, const char *sample,
                                  int seq);

/**
 * Read a raw array back.
 * @param[out] out_values a malloc'ed copy, owned by the caller (free()).
 * @param[out] out_n its length.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOT_FOUND, WBG_ERR_NOMEM,
 *         WBG_ERR_STORE (a corrupt blob whose size is not n doubles).
 */
WBG_API int wbg_store_array_read(double **out_values, size_t *out_n, wbg_store *st,
                                 int64_t step, const char *name);

/** Counts of what a run holds, for summaries and tests. */
typedef struct wbg_run_counts {
	size_t samples;
	size_t steps;
	size_t arrays;
	size_t parameters;
	size_t instruments;
} wbg_run_counts;

/** @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOT_FOUND, WBG_ERR_STORE. */
WBG_API int wbg_store_run_counts(wbg_run_counts *out, wbg_store *st, int64_t run);

/* ------------------------------------------------------------ verdicts */

/** One verdict of a run, as written and as read back. Strings borrowed. */
typedef struct wbg_verdict_info {
	const char *sample;    /**< "" for a lot-level verdict */
	const char *test;      /**< required */
	const char *parameter; /**< "" for a sample plan */
	const char *limit;     /**< the kind of limit, e.g. "absolute", "shift-absolute" */
	const char *unit;      /**< display unit of the parameter in the standard */
	double readout_s;      /**< NaN for a verdict over all readouts */
	double value, u, k, U; /**< SI; u NaN when not stated; value NaN only for a
	                        *   FAIL of a unit with no value of the parameter */
	double tl_lo, tl_hi;   /**< tolerance limits; -INFINITY / INFINITY when open */
	double al_lo, al_hi;   /**< acceptance limits */
	const char *rule;      /**< required: "simple", "guarded", "non-binary" */
	double pfa;            /**< probability of false accept; NaN when unknown */
	const char *outcome;   /**< required: "PASS", "CONDITIONAL PASS", "CONDITIONAL FAIL", "FAIL" */
	const char *clause;    /**< the clause the rule or limit comes from, or NULL */
	const char *note;      /**< what was compared, in words, or NULL */
	/* sample plans only (0 and NaN otherwise) */
	unsigned plan_units, plan_accept, units, failures;
	double ltpd;           /**< LTPD at 90 % implied by the plan */
} wbg_verdict_info;

/**
 * Replace the verdicts of a run by @p n new ones, in one transaction.
 * @return WBG_OK, WBG_ERR_INVALID_ARG (a required field missing, NaN value),
 *         WBG_ERR_NOT_FOUND (no such run), WBG_ERR_STORE.
 */
WBG_API int wbg_store_verdicts_write(wbg_store *st, int64_t run, const wbg_verdict_info *v,
                                     size_t n);

/* ----------------------------------------------------------- reading back
 *
 * The readers call a function once per row, in a stable order, with a
 * struct whose strings are borrowed for the duration of that call only.
 * A callback that returns non-zero stops the listing, and the reader
 * returns that value. Otherwise the readers return WBG_OK,
 * WBG_ERR_INVALID_ARG, WBG_ERR_NOT_FOUND (no such run) or WBG_ERR_STORE.
 */

/** A stored run. */
typedef struct wbg_run_record {
	int64_t id;
	wbg_run_info info;   /**< as given to wbg_store_run_begin() (NULL fields stay NULL) */
	const char *software;
	const char *started_utc;
	const char *finished_utc; /**< NULL while running */
	const char *status;  /**< running, complete, interrupted, failed */
	const char *proc_host; /**< the host of the process that last ran it, or NULL */
	int64_t proc_pid;      /**< that process's id, or 0 (see wbg_store_run_claim()) */
} wbg_run_record;

typedef int (*wbg_run_fn)(void *user, const wbg_run_record *run);
typedef int (*wbg_instrument_fn)(void *user, const wbg_instrument_info *inst);

/** A stored step, without its data. */
typedef struct wbg_step_record {
	int64_t id;
	const char *sample;
	int seq;
	const char *test;
	const char *method;
	double readout_s;
	const char *started_utc;
	const char *finished_utc;
} wbg_step_record;

typedef int (*wbg_step_fn)(void *user, const wbg_step_record *step);

/** A raw array's description (read its values with wbg_store_array_read()). */
typedef struct wbg_array_record {
	int64_t step;
	const char *name;
	const char *unit;
	size_t n;
} wbg_array_record;

typedef int (*wbg_array_fn)(void *user, const wbg_array_record *arr);

/** A stored parameter, with the step it belongs to. */
typedef struct wbg_param_record {
	int64_t step;
	const char *sample;
	const char *test;
	const char *method;
	double readout_s;
	const char *name;
	double value;
	const char *unit;
	double u;            /**< NaN when not stated */
	const char *time_utc;
} wbg_param_record;

typedef int (*wbg_param_fn)(void *user, const wbg_param_record *p);
typedef int (*wbg_verdict_fn)(void *user, const wbg_verdict_info *v);

/** Every run of the store, oldest first. */
WBG_API int wbg_store_runs_list(wbg_store *st, wbg_run_fn fn, void *user);
/** One run (WBG_ERR_NOT_FOUND naming it when absent). */
WBG_API int wbg_store_run_read(wbg_store *st, int64_t run, wbg_run_fn fn, void *user);
/** The instruments of a run, by role. */
WBG_API int wbg_store_instruments_list(wbg_store *st, int64_t run, wbg_instrument_fn fn,
                                       void *user);
/** The steps of a run, by sample (first use) then seq. */
WBG_API int wbg_store_steps_list(wbg_store *st, int64_t run, wbg_step_fn fn, void *user);
/** The raw arrays of a run, by step then storage order. */
WBG_API int wbg_store_arrays_list(wbg_store *st, int64_t run, wbg_array_fn fn, void *user);
/** The parameters of a run, in the order of its steps. */
WBG_API int wbg_store_params_list(wbg_store *st, int64_t run, wbg_param_fn fn, void *user);
/** The verdicts of a run, in the order written. */
WBG_API int wbg_store_verdicts_list(wbg_store *st, int64_t run, wbg_verdict_fn fn, void *user);

/** A step cut short (wbg_store_step_write_aborted), with its arrays. */
typedef struct wbg_aborted_record {
	wbg_step_record step;    /**< the step as planned; id is the aborted step's */
	const char *why;         /**< the error that stopped it */
	const wbg_array *arrays; /**< NaN where a point was not measured */
	size_t n_arrays;
} wbg_aborted_record;

typedef int (*wbg_aborted_fn)(void *user, const wbg_aborted_record *a);

/** The aborted steps of a run, in the order written, each with its arrays
 * (valid during the callback only). */
WBG_API int wbg_store_aborted_list(wbg_store *st, int64_t run, wbg_aborted_fn fn, void *user);

/**
 * SHA-256 of a file, as 64 lowercase hex digits and a NUL, for provenance.
 * Files larger than @p max_bytes are refused.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_IO (cannot open or read; the
 *         detail names the file), WBG_ERR_OVERFLOW.
 */
WBG_API int wbg_sha256_file(char out_hex[65], const char *path, size_t max_bytes, wbg_ctx *ctx);

/** SHA-256 of a buffer, as 64 lowercase hex digits and a NUL. */
WBG_API void wbg_sha256_buffer(char out_hex[65], const void *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif
