/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/stdplan.h
 * @brief What a measurement plan needs from a loaded standard: its tests,
 * their readout times, the parameters their limits judge, and their
 * conditions as numbers.
 */
#ifndef WBG_STDPLAN_H
#define WBG_STDPLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "wbg/common.h"
#include "wbg/context.h"
#include "wbg/standard.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most readouts and judged parameters reported per test. */
#define WBG_PLAN_MAX_READOUTS 32
#define WBG_PLAN_MAX_PARAMS 16

/** One test of a standard. Strings borrowed from the standard. */
typedef struct wbg_test_info {
	const char *id;
	const char *title;
	bool stress;                                /**< kind="stress" */
	size_t n_readouts;                          /**< 0 for a characterization */
	double readouts_s[WBG_PLAN_MAX_READOUTS];   /**< ascending as written */
	size_t n_params;
	const char *params[WBG_PLAN_MAX_PARAMS];    /**< parameter ids its limits judge, once each */
} wbg_test_info;

/**
 * Test @p i of @p std (0-based, below wbg_standard_test_count()).
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_STATE (a readout is a user
 *         setting without a value: the detail names it), WBG_ERR_OVERFLOW
 *         (more readouts or parameters than the maxima above).
 */
WBG_API int wbg_standard_test_info(wbg_test_info *out, const wbg_standard *std, size_t i,
                                   wbg_ctx *ctx);

/**
 * A condition of test @p i in SI: a literal quantity ("1000 h") or a user
 * setting ("$htgb_vgs") that has a value.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOT_FOUND (no such
 *         condition), WBG_ERR_STATE (a setting without a value, named with
 *         the document to take it from), WBG_ERR_PARSE / WBG_ERR_UNIT.
 */
WBG_API int wbg_standard_test_condition(double *out_si, const wbg_standard *std, size_t i,
                                        const char *name, wbg_ctx *ctx);

/**
 * A condition that parameter @p param's definition states (its
 * `<condition>` children, e.g. the preconditioning bias of a threshold), in
 * SI, as wbg_standard_test_condition() resolves it.
 * @return as wbg_standard_test_condition(); WBG_ERR_NOT_FOUND also for an
 *         unknown parameter.
 */
WBG_API int wbg_standard_param_condition(double *out_si, const wbg_standard *std,
                                         const char *param, const char *name, wbg_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif
