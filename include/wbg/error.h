/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/error.h
 * @brief Error codes, generated from one list.
 *
 * The list is append-only: a code keeps its number forever, so that logs and
 * stored records stay meaningful across versions.
 */
#ifndef WBG_ERROR_H
#define WBG_ERROR_H

#include "wbg/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* X(name, value, message for people) */
#define WBG_ERROR_LIST(X)                                                          \
	X(OK, 0, "success")                                                            \
	X(ERR_NOMEM, -1, "out of memory")                                              \
	X(ERR_INVALID_ARG, -2, "invalid argument")                                     \
	X(ERR_RANGE, -3, "value out of the allowed range")                             \
	X(ERR_PARSE, -4, "malformed input")                                            \
	X(ERR_UNIT, -5, "unknown or incompatible unit")                                \
	X(ERR_IO, -6, "input/output error")                                            \
	X(ERR_NOT_FOUND, -7, "not found")                                              \
	X(ERR_ACCESS, -8, "permission denied")                                         \
	X(ERR_TIMEOUT, -9, "timed out")                                                \
	X(ERR_BUSY, -10, "resource busy")                                              \
	X(ERR_NO_DEVICE, -11, "no such device, or it was disconnected")               \
	X(ERR_PROTOCOL, -12, "protocol violation by the peer")                         \
	X(ERR_OVERFLOW, -13, "data larger than the configured maximum")                \
	X(ERR_INSTRUMENT, -14, "the instrument reported an error")                     \
	X(ERR_SAFETY, -15, "refused by a safety limit")                                \
	X(ERR_INTERRUPTED, -16, "interrupted")                                         \
	X(ERR_XML, -17, "malformed XML")                                               \
	X(ERR_SCHEMA, -18, "document does not conform to the schema")                  \
	X(ERR_NO_CONVERGENCE, -19, "numerical method did not converge")                \
	X(ERR_DOMAIN, -20, "input outside the method's domain")                        \
	X(ERR_STORE, -21, "data store error")                                          \
	X(ERR_NOT_SUPPORTED, -22, "operation not supported")                           \
	X(ERR_STATE, -23, "operation not valid in the current state")                  \
	X(ERR_INSUFFICIENT_DATA, -24, "not enough data")                               \
	X(ERR_INTERNAL, -25, "internal error (a bug in wbgkit; please report it)")

/** Every code wbgkit functions can return. */
typedef enum wbg_error {
#define WBG_X_ENUM(name, value, msg) WBG_##name = (value),
	WBG_ERROR_LIST(WBG_X_ENUM)
#undef WBG_X_ENUM
} wbg_error;

/** Number of codes in WBG_ERROR_LIST (they are contiguous: 0 .. -(count-1)). */
WBG_API int wbg_error_count(void);

/**
 * The symbolic name of a code, e.g. "WBG_ERR_TIMEOUT", for logs.
 * Unknown codes give "WBG_ERR_UNKNOWN". Static storage; never free.
 */
WBG_API const char *wbg_error_name(int code);

/**
 * A short sentence for people, e.g. "timed out".
 * Unknown codes give "unknown error code". Static storage; never free.
 */
WBG_API const char *wbg_strerror(int code);

#ifdef __cplusplus
}
#endif

#endif
