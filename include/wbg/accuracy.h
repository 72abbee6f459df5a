/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/accuracy.h
 * @brief Instrument accuracy models from the manufacturers' published
 * specifications, turned into standard uncertainties.
 *
 * A specification "±(% of reading + offset)" on a range is a limit a of
 * the error. wbgkit treats it as a rectangular distribution of half-width a,
 * so the standard uncertainty is u = a / √3 (JCGM 100:2008, GUM 4.3.7).
 * Outside the reference band 23 °C ± 5 °C the limit grows by the
 * manufacturer's temperature coefficient, a fraction of the specification
 * per kelvin beyond 18 °C or 28 °C.
 *
 * Temperature controller inputs take the same form in sensor units (volts
 * of a diode, ohms of an RTD) and reach kelvin through the slope of the
 * sensor's curve: see wbg_thermal_read_u() in wbg/driver.h.
 */
#ifndef WBG_ACCURACY_H
#define WBG_ACCURACY_H

#include <stddef.h>

#include "wbg/common.h"
#include "wbg/context.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What the instrument does on the range. */
typedef enum wbg_acc_fn {
	WBG_ACC_MEASURE_VOLTAGE = 0,
	WBG_ACC_MEASURE_CURRENT,
	WBG_ACC_SOURCE_VOLTAGE,
	WBG_ACC_SOURCE_CURRENT,
	/** An LCR meter's calibration accuracy Acal (the part of its absolute
	 * accuracy Aa = Ae + Acal that wbgkit's built-in models do not encode):
	 * rows by test-frequency band, range = the band's upper frequency (Hz),
	 * gain = Acal as a fraction of the C reading, offset 0. Only in a
	 * table (wbg_acc_table_acal()); no built-in model has it. */
	WBG_ACC_LCR_CALIBRATION,
} wbg_acc_fn;

/** One range's specification (1 year, 23 °C ± 5 °C, 1 PLC). */
typedef struct wbg_acc_spec {
	double range;     /**< full scale, SI (V or A) */
	double gain;      /**< fraction of reading, e.g. 0.00012 for 0.012 % */
	double offset;    /**< SI */
	double tempco;    /**< fraction of the limit added per kelvin outside 18..28 °C */
	double overrange; /**< readings up to range * overrange are valid on this range */
} wbg_acc_spec;

/**
 * The specification of @p model for @p fn on the range that an instrument
 * in autorange would use for @p value: the smallest range whose full scale
 * holds |value|.
 * @param model "2450", "2470", "B2901A" or "B2902A" (case-insensitive; an
 *        optional "MODEL " prefix, as in a *IDN? reply, is accepted). The
 *        2460 is refused (WBG_ERR_NOT_SUPPORTED, with the reason and how to
 *        supply a table: an `<accuracy>` element in the bench file, or
 *        wbg_acc_table_new()): its published tables are not encoded.
 * @param[out] out borrowed from a static table; valid for the whole program.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOT_SUPPORTED (no model, or
 *         no published specification for that function), WBG_ERR_RANGE
 *         (|value| beyond the largest range's overrange).
 */
WBG_API int wbg_accuracy_autorange(const wbg_acc_spec **out, const char *model, wbg_acc_fn fn,
                                   double value, wbg_ctx *ctx);

/**
 * The specification of @p model for @p fn on a fixed range (full scale in SI,
 * e.g. 2.0 for the 2 V range; matched within 1e-9 relative).
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOT_SUPPORTED, WBG_ERR_NOT_FOUND
 *         (the model has no such range: the detail lists the ranges).
 */
WBG_API int wbg_accuracy_range(const wbg_acc_spec **out, const char *model, wbg_acc_fn fn,
                               double range, wbg_ctx *ctx);

/**
 * The error limit a for a reading (or a source setting) on a range, at an
 * ambient temperature: a = (gain·|reading| + offset)·(1 + tempco·ΔT), ΔT the
 * kelvins outside 291.15..301.15 K.
 * @return WBG_OK, WBG_ERR_INVALID_ARG (NULL, non-finite), WBG_ERR_RANGE (the
 *         reading exceeds the range's overrange).
 */
WBG_API int wbg_accuracy_limit(double *out_a, const wbg_acc_spec *spec, double reading,
                               double ambient_k, wbg_ctx *ctx);

/**
 * Standard uncertainty of a reading, u = a/√3 (rectangular), on the
 * autorange choice for the reading. Combines wbg_accuracy_autorange() and
 * wbg_accuracy_limit().
 * @return as those two.
 */
WBG_API int wbg_accuracy_u(double *out_u, const char *model, wbg_acc_fn fn, double reading,
                           double ambient_k, wbg_ctx *ctx);

/**
 * The document a model's specifications are taken from, e.g.
 * "Keithley SPEC-2450 Rev. A (July 2013)". NULL for an unknown model.
 * Static storage.
 */
WBG_API const char *wbg_accuracy_source(const char *model);

/* ---- a lab's own table (a data sheet wbgkit lacks, or a calibration
 * certificate) ---- */

/**
 * An accuracy table supplied by the user, with the document it comes from:
 * for an instrument whose published tables wbgkit does not encode (the
 * Keithley 2460), or to use the figures of an instrument's calibration
 * certificate instead of the data sheet. A bench file states one per
 * instrument with `<accuracy>` (wbg_bench_accuracy(), wbg/standard.h); an
 * SMU uses it with wbg_smu_set_accuracy() (wbg/driver.h).
 *
 * It replaces the built-in table as a whole: a function it has no rows for
 * has no specification (wbg_acc_table_u() refuses it, readings carry
 * u = NaN), so that every uncertainty comes from the one cited document.
 */
typedef struct wbg_acc_table wbg_acc_table;

/** Most rows a table holds, all functions together. */
#define WBG_ACC_TABLE_MAX_ROWS 64

/** Longest source citation, in bytes. */
#define WBG_ACC_SOURCE_MAX 200

/**
 * An empty table citing @p source, e.g. "Keithley SPEC-2460 Rev. C p. 2"
 * or "calibration certificate 12345, 2026-03-01".
 * @param[out] out owned by the caller (wbg_acc_table_free). @p ctx is
 *        borrowed for the errors of wbg_acc_table_add() and must outlive it.
 * @return WBG_OK, WBG_ERR_INVALID_ARG (no source, an empty one, or one
 *         longer than WBG_ACC_SOURCE_MAX), WBG_ERR_NOMEM.
 */
WBG_API int wbg_acc_table_new(wbg_acc_table **out, const char *source, wbg_ctx *ctx);

/** Free a table. NULL is a no-op. */
WBG_API void wbg_acc_table_free(wbg_acc_table *t);

/**
 * Append a range's specification (copied) to function @p fn. Rows of one
 * function come in ascending order of range.
 * @return WBG_OK, WBG_ERR_INVALID_ARG (unknown function; range not
 *         positive and finite; gain, offset or tempco negative or not
 *         finite; gain and offset both 0; overrange below 1 or above 2),
 *         WBG_ERR_RANGE (the range is not above the function's previous
 *         one), WBG_ERR_OVERFLOW (WBG_ACC_TABLE_MAX_ROWS reached),
 *         WBG_ERR_NOMEM.
 */
WBG_API int wbg_acc_table_add(wbg_acc_table *t, wbg_acc_fn fn, const wbg_acc_spec *spec);

/** The document the table cites. Borrowed from @p t. */
WBG_API const char *wbg_acc_table_source(const wbg_acc_table *t);

/** Number of rows of function @p fn (0 for NULL or an unknown function). */
WBG_API size_t wbg_acc_table_count(const wbg_acc_table *t, wbg_acc_fn fn);

/** Row @p i of function @p fn (ascending range), NULL when out of range. Borrowed. */
WBG_API const wbg_acc_spec *wbg_acc_table_at(const wbg_acc_table *t, wbg_acc_fn fn, size_t i);

/**
 * Standard uncertainty of a reading from the table, as wbg_accuracy_u()
 * does from a built-in one: the autorange row for |reading| (the smallest
 * range that holds it; the largest up to its overrange), a = (gain·|reading|
 * + offset)·(1 + tempco·ΔT), u = a/√3.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOT_SUPPORTED (the table has
 *         no rows for @p fn: the detail names its source), WBG_ERR_RANGE.
 */
WBG_API int wbg_acc_table_u(double *out_u, const wbg_acc_table *t, wbg_acc_fn fn,
                            double reading, double ambient_k, wbg_ctx *ctx);

/**
 * The calibration accuracy Acal of an LCR meter at test frequency
 * @p freq_hz, as a fraction of the reading: the gain of the table's first
 * WBG_ACC_LCR_CALIBRATION row whose range (the band's upper frequency)
 * holds @p freq_hz.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOT_SUPPORTED (no such rows:
 *         the detail names the table's source), WBG_ERR_RANGE (above the
 *         last band).
 */
WBG_API int wbg_acc_table_acal(double *out_fraction, const wbg_acc_table *t, double freq_hz,
                               wbg_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif
