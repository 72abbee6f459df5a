/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/context.h
 * @brief The library context: logging and the detail of the last error.
 *
 * wbgkit keeps no global state. Everything that logs or reports error detail
 * takes a wbg_ctx. A context is not thread-safe: use one per thread, or
 * serialize access.
 */
#ifndef WBG_CONTEXT_H
#define WBG_CONTEXT_H

#include <stdarg.h>
#include <stddef.h>

#include "wbg/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wbg_ctx wbg_ctx;

/** Log levels, most severe first. A message is emitted when its level <= the context's. */
typedef enum wbg_log_level {
	WBG_LOG_NONE = -1, /**< as a context level: emit nothing */
	WBG_LOG_ERROR = 0,
	WBG_LOG_WARN = 1,
	WBG_LOG_INFO = 2,
	WBG_LOG_DEBUG = 3,
	WBG_LOG_TRACE = 4, /**< hex dumps of bus traffic */
} wbg_log_level;

/**
 * Log callback. @p module is a short static prefix such as "units" or "usbtmc";
 * @p msg is a complete line without trailing newline, valid only during the call.
 */
typedef void (*wbg_log_fn)(void *userdata, wbg_log_level level, const char *module, const char *msg);

/**
 * Create a context with no log callback and level WBG_LOG_WARN.
 * @param[out] out the new context, owned by the caller (wbg_ctx_free).
 * @return WBG_OK, WBG_ERR_INVALID_ARG (out is NULL) or WBG_ERR_NOMEM.
 */
WBG_API int wbg_ctx_new(wbg_ctx **out);

/** Free a context. NULL is a no-op. */
WBG_API void wbg_ctx_free(wbg_ctx *ctx);

/** Set (or with fn NULL, remove) the log callback. @p userdata is borrowed. */
WBG_API void wbg_ctx_set_log_fn(wbg_ctx *ctx, wbg_log_fn fn, void *userdata);

/** Set the most verbose level that reaches the callback. */
WBG_API void wbg_ctx_set_log_level(wbg_ctx *ctx, wbg_log_level level);

/** The current log level (WBG_LOG_NONE for a NULL context). */
WBG_API wbg_log_level wbg_ctx_log_level(const wbg_ctx *ctx);

/** The name of a level, e.g. "warning". Static storage. */
WBG_API const char *wbg_log_level_name(wbg_log_level level);

/**
 * Emit a log message through the context's callback. Safe with a NULL context
 * or no callback (the message is dropped). Messages longer than 1023 bytes
 * are truncated.
 */
WBG_API void wbg_log(wbg_ctx *ctx, wbg_log_level level, const char *module, const char *fmt, ...)
	WBG_PRINTF(4, 5);

/**
 * Record the detail of an error on the context and return @p code, so that
 * `return wbg_ctx_error(ctx, WBG_ERR_UNIT, "unknown unit '%s'", s);` reads
 * naturally. The detail says what happened, where, and what to do. A NULL
 * context is allowed (the detail is dropped). The message is also logged at
 * WBG_LOG_DEBUG.
 */
WBG_API int wbg_ctx_error(wbg_ctx *ctx, int code, const char *fmt, ...) WBG_PRINTF(3, 4);

/**
 * The detail recorded by the last failing call that took this context, or
 * the plain wbg_strerror() text of the last code if it recorded none, or ""
 * if no error was recorded. Borrowed: valid until the next call on @p ctx.
 */
WBG_API const char *wbg_ctx_errmsg(const wbg_ctx *ctx);

/** The code of the last recorded error (WBG_OK if none). */
WBG_API int wbg_ctx_errcode(const wbg_ctx *ctx);

/** Forget the last error. */
WBG_API void wbg_ctx_clear_error(wbg_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif
