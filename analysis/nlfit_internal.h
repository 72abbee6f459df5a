/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Between analysis/nlfit.c (argument checks, GSL core) and analysis/nlfit_lm.c. */
#ifndef WBG_ANALYSIS_NLFIT_INTERNAL_H
#define WBG_ANALYSIS_NLFIT_INTERNAL_H

#include "wbg/nlfit.h"

/* WBG_NLFIT_LM_SMALL. Arguments already checked by wbg_nlfit_solve; @p o is
 * never NULL. Same contract as wbg_nlfit_solve. */
int wbgi_nlfit_lm_small(wbg_nlfit_result *out, double *out_b, double *out_stderr, double *out_cov,
                        const wbg_nlfit_problem *pb, const double *b0, const wbg_nlfit_options *o, wbg_ctx *ctx);

#endif
