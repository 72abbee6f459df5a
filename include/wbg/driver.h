/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/driver.h
 * @brief Capability interfaces over instrument drivers: source-measure units
 * (SMU), LCR meters and temperature controllers.
 *
 * An interface is opened on an open instrument (wbg/instrument.h), which it
 * borrows. The driver is chosen from the instrument's `*IDN?` reply, or named
 * explicitly ("2450", "2460", "2470", "B2901A", "B2902A", "E4980A", "336").
 * Every reading carries its standard uncertainty from the manufacturer's
 * accuracy specification (wbg/accuracy.h).
 *
 * Safety: wbg_smu_off() sets the source to 0 V (voltage source, 0 V level)
 * and switches the output off; it is best effort (it tries every step even
 * when one fails) and is what every cleanup path calls.
 *
 * Every bus transaction (a write, or a query and its reply) is counted
 * (wbg_smu_transactions()), for benchmarks and tests.
 */
#ifndef WBG_DRIVER_H
#define WBG_DRIVER_H

#include <stdbool.h>
#include <stddef.h>

#include "wbg/accuracy.h"
#include "wbg/common.h"
#include "wbg/context.h"
#include "wbg/instrument.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wbg_smu wbg_smu;

/** What an SMU channel sources. */
typedef enum wbg_smu_fn {
	WBG_SMU_SOURCE_V = 0, /**< force voltage, measure current, current limit */
	WBG_SMU_SOURCE_I = 1, /**< force current, measure voltage, voltage limit */
} wbg_smu_fn;

/** One SMU reading with standard uncertainties (SI). */
typedef struct wbg_smu_reading {
	double v;   /**< terminal voltage (the source setting when sourcing V), V */
	double u_v; /**< its standard uncertainty, V */
	double i;   /**< terminal current (the source setting when sourcing I), A */
	double u_i; /**< its standard uncertainty, A */
	bool compliance; /**< the limit was reached at this reading */
} wbg_smu_reading;

/**
 * Open the SMU interface on channel @p channel (1-based; 1 for single-channel
 * models) of @p instr.
 * @param driver a model name, or NULL to choose from `*IDN?`.
 * @param[out] out owned by the caller (wbg_smu_free); @p instr is borrowed
 *        and must outlive it.
 * @return WBG_OK, WBG_ERR_NOT_SUPPORTED (no SMU driver for that model: the
 *         detail lists them), WBG_ERR_RANGE (no such channel), I/O errors.
 */
WBG_API int wbg_smu_open(wbg_smu **out, wbg_instr *instr, const char *driver, int channel,
                         wbg_ctx *ctx);

/** Free the interface (does not touch the output: call wbg_smu_off()). NULL is a no-op. */
WBG_API void wbg_smu_free(wbg_smu *smu);

/** The driver's model name, e.g. "2450". Static storage. */
WBG_API const char *wbg_smu_model(const wbg_smu *smu);

/** The channel (1-based). */
WBG_API int wbg_smu_channel(const wbg_smu *smu);

/** The instrument (borrowed). */
WBG_API wbg_instr *wbg_smu_instr(const wbg_smu *smu);

/**
 * Take the uncertainties of this channel's readings from @p table (a lab's
 * table: its data sheet where wbgkit has none, as for the 2460, or its
 * calibration certificate) instead of the built-in model; NULL goes back to
 * the built-in one. The table replaces the built-in one as a whole: a
 * function it has no rows for gives u = NaN. @p table is borrowed and must
 * outlive the SMU (or be replaced first). wbg_meas_use_bench() attaches the
 * bench file's `<accuracy>` of the instrument.
 */
WBG_API void wbg_smu_set_accuracy(wbg_smu *smu, const wbg_acc_table *table);

/**
 * The document the uncertainties of this channel's readings come from: the
 * attached table's source, else the built-in model's
 * (wbg_accuracy_source()), else NULL (no model: u = NaN, as for a 2460
 * without a table). Borrowed.
 */
WBG_API const char *wbg_smu_accuracy_source(const wbg_smu *smu);

/** Reset the instrument to a known state (`*RST`, clear status). */
WBG_API int wbg_smu_reset(wbg_smu *smu);

/**
 * Program the source: function, level (V or A) and limit (the compliance of
 * the other quantity: A when sourcing V). Does not switch the output on.
 * @return WBG_OK, WBG_ERR_INSTRUMENT (refused: the detail has its error
 *         queue), I/O errors.
 */
WBG_API int wbg_smu_source(wbg_smu *smu, wbg_smu_fn fn, double level, double limit);

/**
 * Change only the level of the programmed source (one write, no error
 * check: for stepping a sweep from the host).
 */
WBG_API int wbg_smu_set_level(wbg_smu *smu, double level);

/** Integration time in power-line cycles (0.01..10 typ.). */
WBG_API int wbg_smu_set_nplc(wbg_smu *smu, double nplc);

/** Output relay on or off. */
WBG_API int wbg_smu_output(wbg_smu *smu, bool on);

/** One spot reading at the programmed source (output must be on). */
WBG_API int wbg_smu_measure(wbg_smu *smu, wbg_smu_reading *out);

/**
 * A linear sweep of the source run by the instrument (its trigger model),
 * read back in one transfer. @p out is the caller's array of @p points.
 * @return WBG_OK, WBG_ERR_NOT_SUPPORTED, I/O or instrument errors.
 */
WBG_API int wbg_smu_sweep(wbg_smu *smu, wbg_smu_reading *out, wbg_smu_fn fn, double start,
                          double stop, size_t points, double limit, double delay_s);

/**
 * Declare a trigger cable: digital I/O line @p from_line of @p from's
 * instrument is wired to line @p to_line of @p to's instrument (another
 * instrument). With it, wbg_smu_sweep2(@p from, @p to, ...) runs on the two
 * instruments' trigger models. Only the 2450, 2460 and 2470 drivers use
 * their digital I/O lines (1..6). Both interfaces are borrowed: free
 * neither while the other may still sweep. @p to NULL removes the link.
 * @return WBG_OK, WBG_ERR_NOT_SUPPORTED (a driver without trigger lines),
 *         WBG_ERR_RANGE (no such line), WBG_ERR_INVALID_ARG (the same
 *         instrument at both ends).
 */
WBG_API int wbg_smu_link(wbg_smu *from, int from_line, wbg_smu *to, int to_line);

/**
 * Whether @p a and @p b can run a synchronised sweep (wbg_smu_sweep2):
 * two channels of one B2902A, or two 2450/2460/2470 with a trigger cable
 * from @p a to @p b declared by wbg_smu_link().
 */
WBG_API bool wbg_smu_can_sweep2(const wbg_smu *a, const wbg_smu *b);

/**
 * @p a and @p b stepped together, one trigger per point: @p a sweeps
 * voltage @p a_start..@p a_stop, @p b holds voltage @p b_level.
 * On a B2902A both channels take each point on one trigger; on two
 * 2400-series instruments joined by a trigger cable, @p a steps its source
 * configuration list on its own trigger model and, @p delay_s after each
 * step, pulses the cable and measures; @p b waits for each pulse and takes
 * one reading (after the step settled, before the next one). Each
 * instrument's readings come back in one binary transfer, and both must
 * hold exactly @p points readings (else WBG_ERR_INSTRUMENT naming the
 * instrument and the count: a missed trigger is never folded into
 * misaligned data). Outputs are left on; on error the caller switches
 * them off (wbg_smu_off(), which also stops a trigger model).
 * @param out_a,out_b caller's arrays of @p points.
 * @return WBG_OK, WBG_ERR_NOT_SUPPORTED (see wbg_smu_can_sweep2), errors.
 */
WBG_API int wbg_smu_sweep2(wbg_smu *a, wbg_smu *b, wbg_smu_reading *out_a,
                           wbg_smu_reading *out_b, double a_start, double a_stop,
                           double a_limit, double b_level, double b_limit, size_t points,
                           double delay_s);

/**
 * Whether the SMU runs single pulses (wbg_smu_pulse()): the Keysight
 * B2901A/B2902A pulse mode. The Keithley 2450/2460/2470 have no pulse
 * mode in their SCPI command set (false).
 */
WBG_API bool wbg_smu_can_pulse(const wbg_smu *smu);

/**
 * One pulse run by the instrument: the output sits at @p base, steps to
 * @p peak (V or A by @p fn) for @p width_s and back to @p base (output left
 * on). The reading is taken at the top of the pulse, integrating over its
 * second half. @p limit is the compliance of the other quantity. The
 * integration time of later readings (wbg_smu_set_nplc()) is restored.
 * @return WBG_OK, WBG_ERR_NOT_SUPPORTED (see wbg_smu_can_pulse()),
 *         WBG_ERR_INVALID_ARG (width outside 100 us..10 s), errors.
 */
WBG_API int wbg_smu_pulse(wbg_smu *smu, wbg_smu_reading *out, wbg_smu_fn fn, double base,
                          double peak, double limit, double width_s);

/** Default reconnect window of wbg_smu_off(), in seconds. */
#define WBG_SMU_DEFAULT_RECONNECT_S 5.0

/**
 * Safe state: source voltage at 0 V, limit at its smallest, output off.
 * Tries every command even when one fails; returns the first error.
 *
 * When the link to the instrument has dropped (WBG_ERR_NO_DEVICE: a USB
 * re-enumeration, a closed socket), it waits up to the reconnect window
 * (wbg_smu_set_reconnect(), WBG_SMU_DEFAULT_RECONNECT_S by default) for
 * the same instrument to come back (wbg_instr_reopen(): USB VID:PID and
 * serial number, TCP host and port, and the same `*IDN?`), sends the off
 * sequence again and reads back the output state and level (`:OUTP?` and
 * the source voltage) where the driver can. wbg_smu_off_report() then says
 * what happened.
 * @return WBG_OK (also when the output was confirmed off after a
 *         reconnection); WBG_ERR_NO_DEVICE (not back in time, or a
 *         different instrument there: its output may still be on);
 *         WBG_ERR_INSTRUMENT (back, but it still reports its output on);
 *         other I/O errors.
 */
WBG_API int wbg_smu_off(wbg_smu *smu);

/**
 * How long wbg_smu_off() waits for a dropped link to come back: 0 never
 * waits (the old behaviour), at most WBG_INSTR_MAX_REOPEN_S.
 * @return WBG_OK, WBG_ERR_RANGE.
 */
WBG_API int wbg_smu_set_reconnect(wbg_smu *smu, double window_s);

/** The reconnect window of wbg_smu_off(), in seconds. */
WBG_API double wbg_smu_reconnect(const wbg_smu *smu);

/**
 * What the last wbg_smu_off() did about a dropped link, one sentence for
 * people ("the link dropped and came back after 0.6 s (same *IDN? serial
 * 04412345); output confirmed off at 0 V after reconnection"), or "" when
 * the link was up. Borrowed, valid until the next wbg_smu_off().
 */
WBG_API const char *wbg_smu_off_report(const wbg_smu *smu);

/** Bus transactions made through this interface so far. */
WBG_API unsigned long wbg_smu_transactions(const wbg_smu *smu);

/**
 * Let @p seconds pass with the present biases applied: virtual time on a
 * SIM:: instrument, a real sleep otherwise (wbg_instr_wait()).
 */
WBG_API int wbg_smu_wait(wbg_smu *smu, double seconds);

/* ---- LCR meter ---- */

typedef struct wbg_lcr wbg_lcr;

/** One capacitance reading (function Cp-D). */
typedef struct wbg_lcr_reading {
	double c_f;   /**< parallel capacitance Cp, F */
	double u_c_f; /**< its standard uncertainty, F; NaN: no accuracy model (see README) */
	double d;     /**< dissipation factor */
	double u_d;   /**< its standard uncertainty; NaN: no accuracy model (see README) */
} wbg_lcr_reading;

/** Open the LCR interface (driver NULL: from `*IDN?`; "E4980A"). @p instr is borrowed. */
WBG_API int wbg_lcr_open(wbg_lcr **out, wbg_instr *instr, const char *driver, wbg_ctx *ctx);
/** Free the interface. NULL is a no-op. */
WBG_API void wbg_lcr_free(wbg_lcr *lcr);
/** Function Cp-D, test frequency (Hz) and AC level (V rms). */
WBG_API int wbg_lcr_setup(wbg_lcr *lcr, double freq_hz, double level_v);
/** DC bias (V) on, at @p bias_v. */
WBG_API int wbg_lcr_bias(wbg_lcr *lcr, double bias_v);
/** One reading at the present bias. */
WBG_API int wbg_lcr_measure(wbg_lcr *lcr, wbg_lcr_reading *out);
/**
 * A bias sweep run by the instrument (its list sweep, at most 201 points),
 * read back in one transfer. @p out: the caller's array of @p n.
 */
WBG_API int wbg_lcr_bias_sweep(wbg_lcr *lcr, wbg_lcr_reading *out, const double *bias_v,
                               size_t n);
/** Safe state: bias 0 V and off, list cleared. Best effort. */
WBG_API int wbg_lcr_off(wbg_lcr *lcr);
/**
 * Use the calibration accuracy Acal of @p table (its lcr-calibration rows,
 * by test frequency; the bench file's `<accuracy>` of the instrument) in
 * every reading's uncertainty: u_c_f = (Ae + Acal)·|Cp|/√3 (the data
 * sheet's absolute accuracy Aa = Ae + Acal) instead of Ae alone. @p table is
 * borrowed and must outlive @p lcr; NULL: Ae alone again. A frequency
 * outside the table's bands gives u = NaN, not Ae alone.
 */
WBG_API void wbg_lcr_set_accuracy(wbg_lcr *lcr, const wbg_acc_table *table);
/**
 * The documents the uncertainties of this meter's readings come from: the
 * data sheet, and the attached table's source when there is one. Borrowed,
 * valid until the next wbg_lcr_set_accuracy() on @p lcr.
 */
WBG_API const char *wbg_lcr_accuracy_source(const wbg_lcr *lcr);
/** Bus transactions so far. */
WBG_API unsigned long wbg_lcr_transactions(const wbg_lcr *lcr);

/* ---- temperature controller ---- */

typedef struct wbg_thermal wbg_thermal;

/** Open the thermal interface (driver NULL: from `*IDN?`; "336") on control
 * loop @p loop (1..2) reading input @p input ('A'..'D'). */
WBG_API int wbg_thermal_open(wbg_thermal **out, wbg_instr *instr, const char *driver, int loop,
                             char input, wbg_ctx *ctx);
WBG_API void wbg_thermal_free(wbg_thermal *th);
/** Setpoint (K) and heater on (its highest range). */
WBG_API int wbg_thermal_set(wbg_thermal *th, double temp_k);
/** The control input's reading (K). */
WBG_API int wbg_thermal_read(wbg_thermal *th, double *out_k);
/**
 * The control input's reading (K) and its standard uncertainty (K).
 *
 * The uncertainty combines the controller's electronic accuracy for the
 * input's configured sensor type and range (the manufacturer's input
 * specification, a limit ±(offset + fraction of reading) in sensor units),
 * converted to kelvin through the slope of the input's curve at the
 * reading, with the sensor's own tolerance set by
 * wbg_thermal_set_sensor_tolerance(). Both are limits of rectangular
 * distributions: u = sqrt(a_electronic² + a_sensor²)/√3 (GUM 4.3.7).
 * Lake Shore 336: the diode input on its 2.5 V range (see
 * instruments/drivers/lakeshore-336/accuracy.c for the source and what is
 * not encoded). Resolution, self-heating, thermal gradients and the
 * temperature coefficient away from 25 °C are not included.
 * Outputs are written only on success.
 * @return WBG_OK; WBG_ERR_NOT_SUPPORTED (a sensor type or range with no
 *         encoded specification, or a curve format other than V/K or Ω/K:
 *         the detail names it); WBG_ERR_STATE (input disabled, or no
 *         curve); WBG_ERR_RANGE (no valid reading: the status bits are
 *         named; or the reading outside its curve); WBG_ERR_PROTOCOL
 *         (unexpected reply); I/O errors.
 */
WBG_API int wbg_thermal_read_u(wbg_thermal *th, double *out_k, double *out_u_k);
/**
 * The sensor's tolerance to its curve, a half-width in K (0, the default,
 * leaves only the controller's electronic accuracy in the uncertainty of
 * wbg_thermal_read_u()). Take it from the sensor's data sheet (a DT-670
 * tolerance band, an IEC 60751 class) or its calibration report.
 * @return WBG_OK, WBG_ERR_INVALID_ARG (negative or not finite).
 */
WBG_API int wbg_thermal_set_sensor_tolerance(wbg_thermal *th, double tol_k);
/**
 * Wait until the reading stays within @p band_k of the setpoint for
 * @p hold_s, polling every @p poll_s (virtual time on SIM::, real time
 * otherwise; see wbg_instr_wait()).
 * @return WBG_OK, WBG_ERR_TIMEOUT (not stable within @p timeout_s: the
 *         detail gives the last reading).
 */
WBG_API int wbg_thermal_wait_stable(wbg_thermal *th, double band_k, double hold_s, double poll_s,
                                    double timeout_s);
/** Heater off. */
WBG_API int wbg_thermal_off(wbg_thermal *th);

#ifdef __cplusplus
}
#endif

#endif
