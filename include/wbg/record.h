/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/record.h
 * @brief One measured quantity: value, unit, standard uncertainty, the
 * conditions it was measured under, and when.
 *
 * Values are stored in coherent SI units: the unit text must be an SI unit
 * with scale 1 ("V", "A", "ohm", "ohm*m", "m^-2", "K", "F", "1"); convert
 * user units with wbg_unit_to_si() first. The record copies every string it
 * is given.
 */
#ifndef WBG_RECORD_H
#define WBG_RECORD_H

#include <stddef.h>

#include "wbg/common.h"
#include "wbg/context.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wbg_record wbg_record;

/** Longest quantity or condition name, in bytes. */
#define WBG_RECORD_NAME_MAX 63
/** Most conditions one record can hold. */
#define WBG_RECORD_MAX_CONDITIONS 32

/**
 * Create a record with the current time as its timestamp.
 * @param[out] out the record, owned by the caller (wbg_record_free).
 * @param quantity name such as "vth" or "idss"; 1..63 bytes of
 *        [A-Za-z0-9_.-].
 * @param value_si the value in SI units; must be finite.
 * @param unit coherent SI unit of the value.
 * @param u_si standard uncertainty (k = 1) in the same unit, >= 0; NaN when
 *        it is not known.
 * @param ctx optional, for error detail.
 * @return WBG_OK, WBG_ERR_INVALID_ARG (bad name, non-finite value, negative
 *         u), WBG_ERR_UNIT (unknown or non-SI unit), WBG_ERR_NOMEM.
 */
WBG_API int wbg_record_new(wbg_record **out, const char *quantity, double value_si,
                           const char *unit, double u_si, wbg_ctx *ctx);

/** Free a record. NULL is a no-op. */
WBG_API void wbg_record_free(wbg_record *rec);

/**
 * Add a condition, e.g. ("vds", 10.0, "V") or ("temp", 298.15, "K").
 * Names follow the rule of quantity names and must be unique in the record.
 * @return WBG_OK, WBG_ERR_INVALID_ARG (bad or duplicate name, non-finite
 *         value), WBG_ERR_UNIT, WBG_ERR_OVERFLOW (more than
 *         WBG_RECORD_MAX_CONDITIONS), WBG_ERR_NOMEM.
 */
WBG_API int wbg_record_add_condition(wbg_record *rec, const char *name, double value_si,
                                     const char *unit, wbg_ctx *ctx);

/** Set the timestamp, in seconds since 1970-01-01T00:00:00Z. */
WBG_API void wbg_record_set_time(wbg_record *rec, double unix_time_s);

/* Accessors. Strings are borrowed and valid until the record is freed. */
WBG_API const char *wbg_record_quantity(const wbg_record *rec);
WBG_API double wbg_record_value(const wbg_record *rec);
WBG_API const char *wbg_record_unit(const wbg_record *rec);
WBG_API double wbg_record_uncertainty(const wbg_record *rec);
WBG_API double wbg_record_time(const wbg_record *rec);
WBG_API size_t wbg_record_condition_count(const wbg_record *rec);

/**
 * The i-th condition in insertion order. Any out pointer may be NULL.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_RANGE (i out of range).
 */
WBG_API int wbg_record_condition(const char **out_name, double *out_value_si,
                                 const char **out_unit, const wbg_record *rec, size_t i);

/**
 * Look a condition up by name.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOT_FOUND.
 */
WBG_API int wbg_record_find_condition(double *out_value_si, const char **out_unit,
                                      const wbg_record *rec, const char *name);

/**
 * One line for people, e.g.
 * "vth = 2.71 V (u = 12 mV) at vds = 10 V, temp = 298 K; 2026-11-28T05:00:00.000Z".
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_OVERFLOW (buffer too small;
 *         the text is truncated but terminated).
 */
WBG_API int wbg_record_format(char *buf, size_t len, const wbg_record *rec, unsigned flags);

/** Current wall-clock time in seconds since the Unix epoch (UTC). */
WBG_API double wbg_time_now(void);

/**
 * Format a Unix time as ISO 8601 UTC with milliseconds, "2026-11-28T05:00:00.000Z".
 * @p len must be at least 25.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_RANGE (time not representable).
 */
WBG_API int wbg_time_format(char *buf, size_t len, double unix_time_s);

#ifdef __cplusplus
}
#endif

#endif
