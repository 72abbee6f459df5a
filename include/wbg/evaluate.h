/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/evaluate.h
 * @brief Decision rules (ILAC-G8:2019, JCGM 106:2012), population criteria,
 *        measurement data sets, and the evaluation of data against a standard.
 *
 * Decision rules, for a result y with standard uncertainty u, coverage factor
 * k, expanded uncertainty U = k·u, tolerance interval [TL, TU] (either side
 * may be infinite) and guard band w = r·U:
 * - simple acceptance (ILAC-G8 4.2.1, w = 0): Pass when TL <= y <= TU;
 * - guarded acceptance (ILAC-G8 4.2.2): acceptance limits AL = TL + w and
 *   AU = TU - w; Pass when AL <= y <= AU, otherwise Fail;
 * - non-binary (ILAC-G8 4.2.3): Pass inside [TL + w, TU - w]; Conditional
 *   pass inside the tolerance interval but within w of a limit; Conditional
 *   fail outside it by no more than w; Fail beyond.
 *
 * The probability that the measurand conforms is computed under the normal
 * assumption of JCGM 106:2012 clause 7.3 / 9.3: the measurand's state of
 * knowledge is N(y, u²), so p_c = Φ((TU − y)/u) − Φ((TL − y)/u). For an
 * accepted result (Pass, Conditional pass) the probability of false accept
 * of that specific result is 1 − p_c; for a rejected result it is 0 and the
 * probability of false reject is p_c. With no stated uncertainty (u NaN or
 * 0) the probabilities are NaN: they are not known.
 */
#ifndef WBG_EVALUATE_H
#define WBG_EVALUATE_H

#include <stddef.h>

#include "wbg/common.h"
#include "wbg/context.h"
#include "wbg/standard.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Decision rules. */
typedef enum wbg_rule {
	WBG_RULE_SIMPLE = 0,
	WBG_RULE_GUARDED = 1,
	WBG_RULE_NON_BINARY = 2,
} wbg_rule;

/** Verdicts, best first. */
typedef enum wbg_outcome {
	WBG_PASS = 0,
	WBG_COND_PASS = 1,
	WBG_COND_FAIL = 2,
	WBG_FAIL = 3,
} wbg_outcome;

/** "simple", "guarded", "non-binary". Static storage. */
WBG_API const char *wbg_rule_name(wbg_rule rule);
/** "PASS", "CONDITIONAL PASS", "CONDITIONAL FAIL", "FAIL". Static storage. */
WBG_API const char *wbg_outcome_name(wbg_outcome outcome);

/** One decision, with everything needed to audit it (all SI). */
typedef struct wbg_decision {
	wbg_outcome outcome;
	wbg_rule rule;
	double value;     /**< y */
	double u;         /**< standard uncertainty; NaN when not stated */
	double k;         /**< coverage factor */
	double U;         /**< expanded uncertainty k·u (0 when u is not stated) */
	double r;         /**< guard-band multiplier */
	double w;         /**< guard band r·U (0 for simple acceptance) */
	double tl_lo;     /**< lower tolerance limit, -INFINITY when none */
	double tl_hi;     /**< upper tolerance limit, +INFINITY when none */
	double al_lo;     /**< lower acceptance limit (tl_lo + w) */
	double al_hi;     /**< upper acceptance limit (tl_hi − w) */
	double p_conform; /**< probability of conformance, normal assumption; NaN if u unknown */
	double pfa;       /**< probability of false accept of this result; NaN if u unknown */
	double pfr;       /**< probability of false reject of this result; NaN if u unknown */
} wbg_decision;

/**
 * Decide one result.
 * @param[out] out the decision.
 * @param u standard uncertainty, or NaN when not stated (then w = 0).
 * @param tl_lo, tl_hi tolerance limits; -INFINITY / INFINITY for a one-sided
 *        limit; at least one must be finite and tl_lo <= tl_hi.
 * @param r guard-band multiplier (w = r·k·u), >= 0; ignored for simple acceptance.
 * @return WBG_OK, WBG_ERR_INVALID_ARG (NaN value, bad limits, negative u/k/r).
 */
WBG_API int wbg_decide(wbg_decision *out, double value, double u, double k, double tl_lo,
                       double tl_hi, wbg_rule rule, double r, wbg_ctx *ctx);

/**
 * LTPD: the lot fraction defective that a plan of @p n units accepting
 * @p c failures accepts with probability 1 − @p confidence, i.e. the p with
 * P(X <= c | n, p) = 1 − confidence for X ~ Binomial(n, p). Computed as the
 * @p confidence quantile of Beta(c + 1, n − c).
 * @return WBG_OK, WBG_ERR_INVALID_ARG (n = 0, c >= n, confidence outside (0,1)),
 *         WBG_ERR_NO_CONVERGENCE.
 */
WBG_API int wbg_ltpd(double *out, unsigned n, unsigned c, double confidence, wbg_ctx *ctx);

/**
 * Process capability Cpk = min(USL − mean, mean − LSL) / (3 s), s the sample
 * standard deviation (n − 1). One side may be infinite.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_INSUFFICIENT_DATA (n < 2),
 *         WBG_ERR_DOMAIN (s = 0).
 */
WBG_API int wbg_cpk(double *out, const double *x, size_t n, double lsl, double usl,
                    wbg_ctx *ctx);

/**
 * Robust screening limits median ± k·IQR/1.349, with the quartiles by
 * Hyndman & Fan (1996) definition 7 (R's default, linear interpolation at
 * h = (n − 1)p). IQR/1.349 estimates σ for normal data.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_INSUFFICIENT_DATA (n < 4), WBG_ERR_NOMEM.
 */
WBG_API int wbg_robust_limits(double *out_lo, double *out_hi, const double *x, size_t n,
                              double k, wbg_ctx *ctx);

/* ------------------------------------------------------------------ data */

typedef struct wbg_dataset wbg_dataset;

/** Longest line of a CSV file, and most rows of a data set. */
#define WBG_CSV_MAX_LINE 4096
#define WBG_DATASET_MAX_ROWS 10000000u

/** One measured value, in the long format. */
typedef struct wbg_row {
	const char *lot;
	const char *sample;    /**< unit id within the lot; "" for lot-level results */
	const char *test;
	const char *parameter;
	double readout_s;      /**< stress time of the readout; 0 is the baseline */
	double value;          /**< SI */
	double u;              /**< standard uncertainty, SI; NaN when not stated */
	const char *unit;      /**< the unit as written in the data */
	const char *file;      /**< where the row came from, for messages */
	unsigned line;
} wbg_row;

/** A new empty data set, owned by the caller (wbg_dataset_free). */
WBG_API int wbg_dataset_new(wbg_dataset **out);
WBG_API void wbg_dataset_free(wbg_dataset *ds);
WBG_API size_t wbg_dataset_count(const wbg_dataset *ds);
/** Row @p i, borrowed until the data set changes or is freed; NULL when out of range. */
WBG_API const wbg_row *wbg_dataset_row(const wbg_dataset *ds, size_t i);

/**
 * Append one row (the strings are copied; value and u in SI).
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_OVERFLOW (too many rows), WBG_ERR_NOMEM.
 */
WBG_API int wbg_dataset_add(wbg_dataset *ds, const wbg_row *row, wbg_ctx *ctx);

/**
 * Append the rows of a CSV text in the long format (see the README):
 * a header naming at least lot,sample,test,readout_h,parameter,value,unit,u
 * in any order (other columns are ignored), RFC 4180 quoting, lines of at
 * most WBG_CSV_MAX_LINE bytes. Errors name name:line:column and what to fix.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_PARSE, WBG_ERR_UNIT,
 *         WBG_ERR_OVERFLOW, WBG_ERR_NOMEM. On error the data set is unchanged.
 */
WBG_API int wbg_dataset_parse_csv(wbg_dataset *ds, const char *buf, size_t len,
                                  const char *name, wbg_ctx *ctx);

/**
 * Append the rows of a JSON text:
 * {"format": "wbgkit-data/1", "rows": [{"lot": "L1", "sample": "7",
 *  "test": "HTRB", "readout_h": 168, "parameter": "IDSS", "value": 0.12,
 *  "unit": "µA", "u": 0.01}, ...]}; "u" may be null or absent.
 * @return as wbg_dataset_parse_csv().
 */
WBG_API int wbg_dataset_parse_json(wbg_dataset *ds, const char *buf, size_t len,
                                   const char *name, wbg_ctx *ctx);

/**
 * Read a file by its extension: .csv or .json (case-insensitive).
 * @return as the parsers, and WBG_ERR_IO / WBG_ERR_NOT_SUPPORTED (extension).
 */
WBG_API int wbg_dataset_read_file(wbg_dataset *ds, const char *path, wbg_ctx *ctx);

/* ------------------------------------------------------------ evaluation */

typedef struct wbg_eval wbg_eval;

/** The kinds of limit and criterion. */
typedef enum wbg_limit_kind {
	WBG_LIMIT_ABSOLUTE = 0,
	WBG_LIMIT_DATASHEET,
	WBG_LIMIT_SHIFT_ABSOLUTE,
	WBG_LIMIT_SHIFT_RELATIVE,
	WBG_LIMIT_SHIFT_RATIO,
	WBG_LIMIT_CPK,
	WBG_LIMIT_OUTLIER,
	WBG_LIMIT_LIFETIME,     /**< the data give a life estimate and its lower confidence
	                             bound at the limit's confidence (e.g. from the analysis
	                             library's Weibull/lognormal fits); the bound is compared */
	WBG_LIMIT_SAMPLE_PLAN,
} wbg_limit_kind;

/** "absolute", "datasheet", "shift-absolute", ... Static storage. */
WBG_API const char *wbg_limit_kind_name(wbg_limit_kind kind);

/** One verdict. Strings borrowed from the evaluation. */
typedef struct wbg_result {
	const char *test;
	const char *lot;
	const char *sample;     /**< "" for lot-level verdicts */
	const char *parameter;  /**< "" for sample plans */
	const char *unit;       /**< the parameter's unit in the standard, for display */
	wbg_limit_kind kind;
	double readout_s;       /**< NaN for verdicts over all readouts */
	wbg_decision d;         /**< value and limits in SI (ratios dimensionless) */
	/* sample plans only */
	unsigned plan_units, plan_accept, units, failures;
	double ltpd;            /**< LTPD at 90 % implied by the plan; NaN otherwise */
	const char *note;       /**< what was compared, in words */
} wbg_result;

/**
 * Evaluate a data set against a standard.
 * @param dev device profile for datasheet-relative limits; may be NULL when
 *        the standard has none.
 * @param[out] out the verdicts, owned by the caller (wbg_eval_free). Their
 *        strings are borrowed from @p std and @p data: keep both alive (and
 *        @p data unchanged) while reading the verdicts.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOT_FOUND (a rating missing
 *         from the device, or a needed baseline row), WBG_ERR_STATE (a user
 *         setting without a value: the detail names the document to take it
 *         from), WBG_ERR_UNIT (data unit of the wrong dimension, naming
 *         file:line), WBG_ERR_NOMEM.
 */
WBG_API int wbg_evaluate(wbg_eval **out, const wbg_standard *std, const wbg_device *dev,
                         const wbg_dataset *data, wbg_ctx *ctx);

WBG_API void wbg_eval_free(wbg_eval *ev);
WBG_API size_t wbg_eval_count(const wbg_eval *ev);
/** Verdict @p i, borrowed; NULL when out of range. */
WBG_API const wbg_result *wbg_eval_result(const wbg_eval *ev, size_t i);
/** The worst outcome over all verdicts (WBG_PASS when there are none). */
WBG_API wbg_outcome wbg_eval_worst(const wbg_eval *ev);
/** Data rows that no limit of the standard used (tests or parameters it does not name). */
WBG_API size_t wbg_eval_unused_rows(const wbg_eval *ev);

#ifdef __cplusplus
}
#endif

#endif
