/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal: reader of NIST StRD nonlinear-regression .dat files (tests, fuzzing). */
#ifndef WBG_ANALYSIS_STRD_H
#define WBG_ANALYSIS_STRD_H

#include <stddef.h>

#include "wbg/context.h"

#define WBGI_STRD_MAX_P 9
#define WBGI_STRD_MAX_N 1024
#define WBGI_STRD_MAX_LINE 512

/* One problem: y = f(x; b) with one predictor. */
struct wbgi_strd {
	size_t p, n;
	double start1[WBGI_STRD_MAX_P], start2[WBGI_STRD_MAX_P];
	double cert[WBGI_STRD_MAX_P], cert_sd[WBGI_STRD_MAX_P];
	double rss;                /* certified residual sum of squares */
	double y[WBGI_STRD_MAX_N]; /* response */
	double x[WBGI_STRD_MAX_N]; /* predictor */
};

/* Parse the text of a .dat file (len bytes, need not be NUL-terminated).
 * @p name labels error messages (file name). Returns WBG_OK or
 * WBG_ERR_PARSE / WBG_ERR_OVERFLOW with "name:line: ..." on the context. */
int wbgi_strd_parse(struct wbgi_strd *out, const char *text, size_t len, const char *name, wbg_ctx *ctx);

#endif
