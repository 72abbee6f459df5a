/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A loaded standard's tests as a plan sees them (include/wbg/stdplan.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "wbg/stdplan.h"
#include "internal.h"

int wbg_standard_test_info(wbg_test_info *out, const wbg_standard *std, size_t i, wbg_ctx *ctx)
{
	const struct wbgi_test *t;
	wbg_test_info ti;
	size_t j, k;
	int rc;

	if (!out || !std || i >= std->ntest)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_standard_test_info: no test %zu", i);
	t = &std->test[i];
	memset(&ti, 0, sizeof(ti));
	ti.id = t->id;
	ti.title = t->title;
	ti.stress = t->stress != 0;
	if (t->nreadout > WBG_PLAN_MAX_READOUTS)
		return wbg_ctx_error(ctx, WBG_ERR_OVERFLOW, "%s: test %s has more than %d readouts",
		                     std->name, t->id, WBG_PLAN_MAX_READOUTS);
	for (j = 0; j < t->nreadout; j++) {
		rc = wbgi_q_value(&ti.readouts_s[j], std, &t->readout[j], ctx);
		if (rc != WBG_OK)
			return rc;
	}
	ti.n_readouts = t->nreadout;
	for (j = 0; j < t->nlim; j++) {
		const char *p;
		if (t->lim[j].kind == WBG_LIMIT_SAMPLE_PLAN || t->lim[j].param >= std->npar)
			continue;
		p = std->par[t->lim[j].param].id;
		for (k = 0; k < ti.n_params; k++)
			if (strcmp(ti.params[k], p) == 0)
				break;
		if (k < ti.n_params)
			continue;
		if (ti.n_params == WBG_PLAN_MAX_PARAMS)
			return wbg_ctx_error(ctx, WBG_ERR_OVERFLOW, "%s: test %s judges more than %d "
			                     "parameters", std->name, t->id, WBG_PLAN_MAX_PARAMS);
		ti.params[ti.n_params++] = p;
	}
	*out = ti;
	return WBG_OK;
}

/* Condition @p name among @p cond, in SI; @p owner names the test or
 * parameter in messages. */
static int cond_value(double *out_si, const wbg_standard *std, const struct wbgi_cond *cond,
                      size_t ncond, const char *owner, const char *name, wbg_ctx *ctx)
{
	size_t j, k;

	for (j = 0; j < ncond; j++) {
		const char *text = cond[j].text;
		if (strcmp(cond[j].name, name) != 0 || !text)
			continue;
		if (text[0] != '$')
			return wbg_quantity_parse(out_si, NULL, text, NULL, ctx);
		for (k = 0; k < std->nset; k++) {
			const struct wbgi_setting *s = &std->set[k];
			if (strcmp(s->name, text + 1) != 0)
				continue;
			if (!s->has_value)
				return wbg_ctx_error(ctx, WBG_ERR_STATE,
				                     "%s: %s needs the setting %s (%s, %s%s%s); give it "
				                     "with --set %s=VALUE",
				                     std->name, owner, s->name, s->unit, s->source ? s->source : "",
				                     s->clause ? " " : "", s->clause ? s->clause : "", s->name);
			*out_si = s->si;
			return WBG_OK;
		}
		return wbg_ctx_error(ctx, WBG_ERR_NOT_FOUND, "%s: %s: no setting '%s'", std->name,
		                     owner, text + 1);
	}
	return wbg_ctx_error(ctx, WBG_ERR_NOT_FOUND, "%s: %s has no condition %s", std->name, owner,
	                     name);
}

int wbg_standard_test_condition(double *out_si, const wbg_standard *std, size_t i,
                                const char *name, wbg_ctx *ctx)
{
	char owner[160];

	if (!out_si || !std || !name || i >= std->ntest)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_standard_test_condition: bad argument");
	snprintf(owner, sizeof(owner), "test %s", std->test[i].id);
	return cond_value(out_si, std, std->test[i].cond, std->test[i].ncond, owner, name, ctx);
}

int wbg_standard_param_condition(double *out_si, const wbg_standard *std, const char *param,
                                 const char *name, wbg_ctx *ctx)
{
	char owner[160];
	size_t i;

	if (!out_si || !std || !param || !name)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_standard_param_condition: bad argument");
	for (i = 0; i < std->npar; i++)
		if (strcmp(std->par[i].id, param) == 0)
			break;
	if (i == std->npar)
		return wbg_ctx_error(ctx, WBG_ERR_NOT_FOUND, "%s: no parameter %s", std->name, param);
	snprintf(owner, sizeof(owner), "parameter %s", param);
	return cond_value(out_si, std, std->par[i].cond, std->par[i].ncond, owner, name, ctx);
}
