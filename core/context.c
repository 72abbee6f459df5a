/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The library context: log callback, log level and last-error detail. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "context_int.h"
#include "wbg/context.h"
#include "wbg/error.h"

#define WBG_LOG_LINE_MAX 1024
#define WBG_ERRMSG_MAX 1024

struct wbg_ctx {
	wbg_log_fn log_fn;
	void *log_userdata;
	wbg_log_level level;
	int errcode;
	char errmsg[WBG_ERRMSG_MAX];
	void *vbench; /* see context_int.h */
	void (*vbench_release)(void *);
};

int wbg_ctx_new(wbg_ctx **out)
{
	wbg_ctx *ctx;

	if (!out)
		return WBG_ERR_INVALID_ARG;
	/* GSL's default handler aborts the process on any error. wbgkit checks
	 * every GSL return value instead (STYLE.md). The handler is process-wide
	 * in GSL; turning it off is idempotent and the only setting we make. */
	gsl_set_error_handler_off();
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return WBG_ERR_NOMEM;
	ctx->level = WBG_LOG_WARN;
	*out = ctx;
	return WBG_OK;
}

void wbg_ctx_free(wbg_ctx *ctx)
{
	if (ctx && ctx->vbench && ctx->vbench_release)
		ctx->vbench_release(ctx->vbench);
	free(ctx);
}

void *wbgi_ctx_vbench(const wbg_ctx *ctx)
{
	return ctx ? ctx->vbench : NULL;
}

void wbgi_ctx_set_vbench(wbg_ctx *ctx, void *bench, void (*release)(void *))
{
	if (!ctx)
		return;
	if (ctx->vbench && ctx->vbench_release)
		ctx->vbench_release(ctx->vbench);
	ctx->vbench = bench;
	ctx->vbench_release = release;
}

void wbg_ctx_set_log_fn(wbg_ctx *ctx, wbg_log_fn fn, void *userdata)
{
	if (!ctx)
		return;
	ctx->log_fn = fn;
	ctx->log_userdata = userdata;
}

void wbg_ctx_set_log_level(wbg_ctx *ctx, wbg_log_level level)
{
	if (!ctx)
		return;
	if (level < WBG_LOG_NONE)
		level = WBG_LOG_NONE;
	if (level > WBG_LOG_TRACE)
		level = WBG_LOG_TRACE;
	ctx->level = level;
}

wbg_log_level wbg_ctx_log_level(const wbg_ctx *ctx)
{
	return ctx ? ctx->level : WBG_LOG_NONE;
}

const char *wbg_log_level_name(wbg_log_level level)
{
	switch (level) {
	case WBG_LOG_NONE:
		return "none";
	case WBG_LOG_ERROR:
		return "error";
	case WBG_LOG_WARN:
		return "warning";
	case WBG_LOG_INFO:
		return "info";
	case WBG_LOG_DEBUG:
		return "debug";
	case WBG_LOG_TRACE:
		return "trace";
	}
	return "unknown";
}

static void log_v(wbg_ctx *ctx, wbg_log_level level, const char *module, const char *fmt,
                  va_list ap) WBG_PRINTF(4, 0);

static void log_v(wbg_ctx *ctx, wbg_log_level level, const char *module, const char *fmt,
                  va_list ap)
{
	char line[WBG_LOG_LINE_MAX];

	if (!ctx || !ctx->log_fn || level == WBG_LOG_NONE || level > ctx->level)
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	ctx->log_fn(ctx->log_userdata, level, module ? module : "wbg", line);
}

void wbg_log(wbg_ctx *ctx, wbg_log_level level, const char *module, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_v(ctx, level, module, fmt, ap);
	va_end(ap);
}

int wbg_ctx_error(wbg_ctx *ctx, int code, const char *fmt, ...)
{
	va_list ap;

	if (!ctx)
		return code;
	ctx->errcode = code;
	va_start(ap, fmt);
	vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
	va_end(ap);
	wbg_log(ctx, WBG_LOG_DEBUG, "error", "%s: %s", wbg_error_name(code), ctx->errmsg);
	return code;
}

const char *wbg_ctx_errmsg(const wbg_ctx *ctx)
{
	if (!ctx || ctx->errcode == WBG_OK)
		return "";
	if (ctx->errmsg[0] == '\0')
		return wbg_strerror(ctx->errcode);
	return ctx->errmsg;
}

int wbg_ctx_errcode(const wbg_ctx *ctx)
{
	return ctx ? ctx->errcode : WBG_OK;
}

void wbg_ctx_clear_error(wbg_ctx *ctx)
{
	if (!ctx)
		return;
	ctx->errcode = WBG_OK;
	ctx->errmsg[0] = '\0';
}
