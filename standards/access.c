/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Standards and device profiles after loading: accessors, user settings, freeing. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void wbg_standard_free(wbg_standard *std)
{
	size_t i, j;

	if (!std)
		return;
	for (i = 0; i < std->nsrc; i++) {
		free(std->src[i].id);
		free(std->src[i].document);
		free(std->src[i].edition);
		free(std->src[i].url);
	}
	for (i = 0; i < std->nset; i++) {
		free(std->set[i].name);
		free(std->set[i].unit);
		free(std->set[i].source);
		free(std->set[i].clause);
		free(std->set[i].doc);
	}
	for (i = 0; i < std->npar; i++) {
		free(std->par[i].id);
		free(std->par[i].name);
		free(std->par[i].unit);
		free(std->par[i].method);
		for (j = 0; j < std->par[i].ncond; j++) {
			free(std->par[i].cond[j].name);
			free(std->par[i].cond[j].text);
			free(std->par[i].cond[j].source);
			free(std->par[i].cond[j].clause);
		}
		free(std->par[i].cond);
	}
	for (i = 0; i < std->ntest; i++) {
		struct wbgi_test *t = &std->test[i];
		for (j = 0; j < t->ncond; j++) {
			free(t->cond[j].name);
			free(t->cond[j].text);
			free(t->cond[j].source);
			free(t->cond[j].clause);
		}
		for (j = 0; t->lim && j < t->nlim; j++) {
			free(t->lim[j].rating);
			free(t->lim[j].bound);
			free(t->lim[j].source);
			free(t->lim[j].clause);
		}
		free(t->cond);
		free(t->readout);
		free(t->lim);
		free(t->id);
		free(t->title);
		free(t->plan_source);
		free(t->plan_clause);
	}
	free(std->src);
	free(std->set);
	free(std->par);
	free(std->test);
	free(std->name);
	free(std->id);
	free(std->revision);
	free(std->title);
	free(std->materials);
	free(std);
}

const char *wbg_standard_id(const wbg_standard *std)
{
	return std && std->id ? std->id : "";
}

const char *wbg_standard_revision(const wbg_standard *std)
{
	return std && std->revision ? std->revision : "";
}

const char *wbg_standard_title(const wbg_standard *std)
{
	return std && std->title ? std->title : "";
}

size_t wbg_standard_test_count(const wbg_standard *std)
{
	return std ? std->ntest : 0;
}

size_t wbg_standard_setting_count(const wbg_standard *std)
{
	return std ? std->nset : 0;
}

int wbg_standard_setting(const char **out_name, const char **out_unit, const char **out_source,
                         int *out_has_value, const wbg_standard *std, size_t i)
{
	if (!std || i >= std->nset)
		return WBG_ERR_INVALID_ARG;
	if (out_name)
		*out_name = std->set[i].name;
	if (out_unit)
		*out_unit = std->set[i].unit;
	if (out_source)
		*out_source = std->set[i].source;
	if (out_has_value)
		*out_has_value = std->set[i].has_value;
	return WBG_OK;
}

int wbg_standard_set(wbg_standard *std, const char *name, const char *quantity, wbg_ctx *ctx)
{
	int s;
	double v;
	int rc;

	if (!std || !name || !quantity)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_standard_set: NULL argument");
	s = wbgi_setting_find(std, name);
	if (s < 0)
		return wbg_ctx_error(ctx, WBG_ERR_NOT_FOUND,
		                     "the standard %s has no setting '%s'; 'wbg standards show' lists "
		                     "its settings",
		                     wbg_standard_id(std), name);
	rc = wbg_quantity_parse(&v, NULL, quantity, std->set[s].unit, ctx);
	if (rc != WBG_OK)
		return wbg_ctx_error(ctx, rc, "setting %s=%s: %s (give a quantity in %s)", name, quantity,
		                     wbg_ctx_errmsg(ctx), std->set[s].unit);
	std->set[s].si = v;
	std->set[s].has_value = 1;
	return WBG_OK;
}

void wbg_device_free(wbg_device *dev)
{
	size_t i;

	if (!dev)
		return;
	for (i = 0; dev->name && i < dev->n; i++)
		free(dev->name[i]);
	free(dev->name);
	free(dev->si);
	free(dev->id);
	free(dev->part);
	free(dev);
}

const char *wbg_device_id(const wbg_device *dev)
{
	return dev && dev->id ? dev->id : "";
}

int wbg_device_rating(double *out_si, const wbg_device *dev, const char *name, wbg_ctx *ctx)
{
	size_t i;

	if (!out_si || !dev || !name)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_device_rating: NULL argument");
	for (i = 0; i < dev->n; i++) {
		if (dev->name[i] && strcmp(dev->name[i], name) == 0) {
			*out_si = dev->si[i];
			return WBG_OK;
		}
	}
	return wbg_ctx_error(ctx, WBG_ERR_NOT_FOUND,
	                     "the device profile %s has no rating '%s'; add it from the datasheet or "
	                     "use a profile that has it",
	                     wbg_device_id(dev), name);
}

void wbg_bench_free(wbg_bench *bench)
{
	size_t i;

	if (!bench)
		return;
	wbgi_bench_accuracy_free(bench);
	for (i = 0; i < bench->nstrings; i++)
		free(bench->strings[i]);
	free(bench->strings);
	free(bench->term);
	free(bench->conn);
	free(bench->link);
	free(bench->id);
	free(bench);
}

const char *wbg_bench_id(const wbg_bench *bench)
{
	return bench && bench->id ? bench->id : "";
}

size_t wbg_bench_terminal_count(const wbg_bench *bench)
{
	return bench ? bench->nterm : 0;
}

const wbg_bench_terminal *wbg_bench_terminal_at(const wbg_bench *bench, size_t i)
{
	return bench && i < bench->nterm ? &bench->term[i] : NULL;
}

const wbg_bench_terminal *wbg_bench_terminal_find(const wbg_bench *bench, const char *name)
{
	size_t i;

	for (i = 0; bench && name && i < bench->nterm; i++)
		if (strcmp(bench->term[i].name, name) == 0)
			return &bench->term[i];
	return NULL;
}

size_t wbg_bench_connection_count(const wbg_bench *bench)
{
	return bench ? bench->nconn : 0;
}

const wbg_bench_connection *wbg_bench_connection_at(const wbg_bench *bench, size_t i)
{
	return bench && i < bench->nconn ? &bench->conn[i] : NULL;
}

size_t wbg_bench_trigger_link_count(const wbg_bench *bench)
{
	return bench ? bench->nlink : 0;
}

const wbg_bench_trigger_link *wbg_bench_trigger_link_at(const wbg_bench *bench, size_t i)
{
	return bench && i < bench->nlink ? &bench->link[i] : NULL;
}
