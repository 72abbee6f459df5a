/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/method.h
 * @brief Measurement methods on a bench: transfer and output curves,
 * threshold voltage, on-resistance, leakage, breakdown, body diode, C-V.
 *
 * A measurement session (wbg_meas) knows which SMU drives which DUT terminal
 * ("gate", "drain"), the bench's safety limits per terminal and the device's
 * ratings. Every method:
 * - checks each bias it will apply against the bench limits (voltage,
 *   current, power, interlock) and the device ratings BEFORE any output is
 *   switched on, and refuses with WBG_ERR_SAFETY naming the limit and where
 *   it is set (bench file:line, or the device rating and its file);
 * - checks the session's interrupt flag between points and returns
 *   WBG_ERR_INTERRUPTED when it is set;
 * - on every exit (success, error, timeout, disconnect, interrupt) sets every
 *   SMU of the session to 0 V and switches its output off (wbg_smu_off);
 * - returns its raw arrays and conditions as a wbg_meas_result, which
 *   wbg_meas_result_step() turns into a wbg_step for wbg_store_step_write().
 *
 * Methods are also listed in a table (wbg_method_at) with their settings,
 * units and defaults, so that a plan step or the CLI can run any of them by
 * name (wbg_method_run).
 */
#ifndef WBG_METHOD_H
#define WBG_METHOD_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wbg/common.h"
#include "wbg/context.h"
#include "wbg/driver.h"
#include "wbg/record.h"
#include "wbg/standard.h"
#include "wbg/store.h"
#include "wbg/vbench.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wbg_meas wbg_meas;
typedef struct wbg_meas_result wbg_meas_result;

/** Create an empty session (no SMUs, no limits). @p ctx is borrowed. */
WBG_API int wbg_meas_new(wbg_meas **out, wbg_ctx *ctx);

/**
 * Switch every source of the session off (wbg_meas_all_off), close the
 * instruments the session opened itself, and free it. NULL is a no-op.
 */
WBG_API void wbg_meas_free(wbg_meas *m);

/**
 * Take the bench's terminal limits, and open the instruments its
 * connections name for the "gate" and "drain" terminals, choosing drivers
 * from `*IDN?`; an instrument with an `<accuracy>` table in the bench file
 * gets it for its readings' uncertainties (wbg_bench_accuracy(),
 * wbg_smu_set_accuracy()). @p bench is borrowed and must outlive the session;
 * @p bench_file (may be NULL) is the file it came from, for messages.
 * Open SIM:: resources find their instruments on the bench attached to the
 * context (wbg_vbench_attach).
 * @return WBG_OK, WBG_ERR_NOT_FOUND (no connection for gate or drain),
 *         open/driver errors (the detail names the instrument).
 */
WBG_API int wbg_meas_use_bench(wbg_meas *m, const wbg_bench *bench, const char *bench_file);

/**
 * Build the virtual bench a bench file describes: a bench holding the DUT
 * model @p dut (NULL: "sic-mosfet"), seeded with @p seed, with every
 * SIM::NAME instrument of the file added under NAME, of the model its
 * `model` attribute gives (else NAME), wired to the terminals of its
 * connections (gate/drain; ciss/coss/crss for an LCR meter; channel 1 then
 * 2), and attached to @p ctx, so that wbg_meas_use_bench() then opens them.
 * @param[out] out the bench (caller frees it after detaching it with
 *        wbg_vbench_attach(ctx, NULL)), or NULL when the file names no
 *        SIM:: instrument.
 * @return WBG_OK, WBG_ERR_PARSE (a resource), WBG_ERR_NOT_FOUND (unknown
 *         DUT or model), WBG_ERR_BUSY (a terminal driven twice), WBG_ERR_NOMEM.
 */
WBG_API int wbg_bench_simulate(wbg_vbench **out, const wbg_bench *bench, const char *dut,
                               uint64_t seed, wbg_ctx *ctx);

/**
 * Add a bench file's SIM:: instruments, wired as wbg_bench_simulate() does,
 * to an existing virtual bench (for example one unit of a simulated lot,
 * wbg_vbench_new_lot_unit()). Nothing is attached to a context.
 * @return as wbg_bench_simulate().
 */
WBG_API int wbg_bench_simulate_on(wbg_vbench *vb, const wbg_bench *bench, wbg_ctx *ctx);

/**
 * Take the device's maximum ratings (VDS_max, VGS_max / VGS_max_dyn,
 * VGS_min / VGS_min_dyn, ID_max / ID_25) as further limits.
 * @p dev is borrowed; @p device_file (may be NULL) is for messages.
 */
WBG_API int wbg_meas_use_device(wbg_meas *m, const wbg_device *dev, const char *device_file);

/**
 * Wire an SMU to a terminal ("gate" or "drain") explicitly. @p smu is
 * borrowed. @return WBG_OK, WBG_ERR_INVALID_ARG (unknown terminal).
 */
WBG_API int wbg_meas_set_smu(wbg_meas *m, const char *terminal, wbg_smu *smu);

/**
 * Wire an LCR meter to a capacitance of the DUT: "ciss", "coss" or "crss"
 * (the fixture decides which). Borrowed. wbg_meas_use_bench() also opens
 * one for a connection whose terminal is one of those names.
 * @return WBG_OK, WBG_ERR_INVALID_ARG.
 */
WBG_API int wbg_meas_set_lcr(wbg_meas *m, const char *capacitance, wbg_lcr *lcr);

/**
 * The temperature controller of the bench (borrowed; NULL for none). When
 * set, every record a method writes gets a "temp" condition (K), read at
 * the method's start, and a "u_temp" condition (K), its standard
 * uncertainty from wbg_thermal_read_u(), when the controller's accuracy
 * model covers the input's sensor (otherwise "temp" alone, with a
 * warning in the log). wbg_meas_use_bench() opens one for a connection
 * whose role is "temperature" (loop 1, input A).
 */
WBG_API void wbg_meas_set_thermal(wbg_meas *m, wbg_thermal *th);

/** The session's temperature controller (borrowed), or NULL. */
WBG_API wbg_thermal *wbg_meas_thermal(const wbg_meas *m);

/** The SMU on @p terminal (borrowed), or NULL. */
WBG_API wbg_smu *wbg_meas_smu(const wbg_meas *m, const char *terminal);

/**
 * The interrupt flag the methods poll between points (set it from a signal
 * handler). NULL for none. Borrowed.
 */
WBG_API void wbg_meas_set_interrupt(wbg_meas *m, const volatile sig_atomic_t *flag);

/** Declare the interlock closed (true) or open (false, the default). */
WBG_API void wbg_meas_set_interlock(wbg_meas *m, bool closed);

/**
 * Every SMU to 0 V, output off, every LCR meter's bias off. Best effort;
 * returns the first error. Every reachable SMU is switched off before
 * waiting for one whose link dropped to come back (wbg_smu_off(), its
 * reconnect window); what happened to such links is in
 * wbg_meas_off_report(). A method that failed because a link dropped
 * returns WBG_ERR_NO_DEVICE with a detail that ends with that report: the
 * output was confirmed off after reconnection, or "switch it off at the
 * instrument".
 */
WBG_API int wbg_meas_all_off(wbg_meas *m);

/**
 * The reconnect window (s, 0..WBG_INSTR_MAX_REOPEN_S; 0: do not wait) of
 * every SMU of the session, present and wired later (wbg_smu_set_reconnect();
 * a borrowed SMU is changed too). Without a call each SMU keeps its own,
 * WBG_SMU_DEFAULT_RECONNECT_S.
 * @return WBG_OK, WBG_ERR_RANGE.
 */
WBG_API int wbg_meas_set_reconnect(wbg_meas *m, double window_s);

/**
 * What the last wbg_meas_all_off() did about dropped links ("the drain SMU
 * (USB0::...): the link dropped and came back after 0.6 s ...; output
 * confirmed off at 0 V after reconnection"), or "". Borrowed.
 */
WBG_API const char *wbg_meas_off_report(const wbg_meas *m);

/** Bus transactions of the session's SMUs and LCR meters so far. */
WBG_API unsigned long wbg_meas_transactions(const wbg_meas *m);

/**
 * Check that a terminal may be biased at @p v_v with a current limit
 * @p i_a: |v| and |i| within the terminal's bench limits and the device's
 * ratings, |v·i| within the power limit, and |v| not above the interlock
 * threshold unless the interlock is closed.
 * @return WBG_OK, or WBG_ERR_SAFETY with a detail naming the limit and
 *         where it is set.
 */
WBG_API int wbg_meas_check(wbg_meas *m, const char *terminal, double v_v, double i_a);

/** How a sweep is run. */
typedef enum wbg_sweep_mode {
	WBG_SWEEP_AUTO = 0,       /**< on the instrument when it can, else point by point */
	WBG_SWEEP_INSTRUMENT = 1, /**< on the instrument, one buffer read (else NOT_SUPPORTED) */
	WBG_SWEEP_POINTS = 2,     /**< point by point from the host */
} wbg_sweep_mode;

/** Conditions of a transfer curve Id(Vgs) at a fixed Vds. */
typedef struct wbg_transfer_params {
	double vds_v;
	double vgs_start_v, vgs_stop_v;
	size_t points;        /**< >= 2 */
	double id_limit_a;    /**< drain current limit (compliance) */
	double ig_limit_a;    /**< gate current limit */
	double nplc;          /**< integration, power-line cycles */
	double delay_s;       /**< settling delay per point */
	wbg_sweep_mode mode;
} wbg_transfer_params;

/** Defaults: Vds 1 V, Vgs 0..10 V in 101 points, 10 mA / 1 mA, 1 PLC, 1 ms, auto. */
WBG_API void wbg_transfer_params_default(wbg_transfer_params *p);

/**
 * Transfer curve. Arrays: "vgs" (V), "id" (A), "u_id" (A), "ig" (A),
 * "vds" (V). Record: "id_max" at the last point, with conditions vds,
 * vgs_start, vgs_stop, points, id_limit, nplc.
 */
WBG_API int wbg_meas_transfer(wbg_meas_result **out, wbg_meas *m,
                              const wbg_transfer_params *p);

/* ---- the method table ---- */

/** One setting of a method. */
typedef struct wbg_method_setting {
	const char *name; /**< e.g. "vds" */
	const char *unit; /**< SI unit, "" when dimensionless */
	double def;       /**< default, SI */
	const char *help;
} wbg_method_setting;

/** A method: name, what it does, its settings. */
typedef struct wbg_method_info {
	const char *name;    /**< e.g. "transfer" */
	const char *summary; /**< one line */
	const wbg_method_setting *settings;
	size_t n_settings;
} wbg_method_info;

/** Number of methods, and method @p i (NULL when out of range). Static storage. */
WBG_API size_t wbg_method_count(void);
WBG_API const wbg_method_info *wbg_method_at(size_t i);
/** The method called @p name, or NULL. */
WBG_API const wbg_method_info *wbg_method_find(const char *name);

/**
 * Run a method by name. Settings not given take their defaults.
 * @param names,values @p n settings (SI values).
 * @return WBG_OK, WBG_ERR_NOT_FOUND (unknown method or setting),
 *         WBG_ERR_SAFETY, WBG_ERR_INTERRUPTED, instrument and I/O errors.
 */
WBG_API int wbg_method_run(wbg_meas_result **out, wbg_meas *m, const char *method,
                           const char *const *names, const double *values, size_t n);

/* ---- results ---- */

/** Free a result. NULL is a no-op. */
WBG_API void wbg_meas_result_free(wbg_meas_result *r);

/**
 * After a method failed (a link that dropped mid-sweep, a timeout, an
 * interrupt), what it had measured before the failure: its raw arrays,
 * with NaN at every point not measured (an instrument-side sweep that did
 * not come back leaves all of them NaN), and no records. Kept by the
 * session until taken, until the next method starts, or until
 * wbg_meas_free().
 * @param[out] out the partial result, now owned by the caller
 *        (wbg_meas_result_free); only set on success.
 * @return WBG_OK, WBG_ERR_NOT_FOUND (the last method succeeded, or failed
 *         before it had any array), WBG_ERR_INVALID_ARG.
 */
WBG_API int wbg_meas_take_partial(wbg_meas_result **out, wbg_meas *m);

/** The method's name. Borrowed. */
WBG_API const char *wbg_meas_result_method(const wbg_meas_result *r);

/** Raw arrays: count, and array @p i (borrowed; NULL when out of range). */
WBG_API size_t wbg_meas_result_array_count(const wbg_meas_result *r);
WBG_API const wbg_array *wbg_meas_result_array(const wbg_meas_result *r, size_t i);
/** The array called @p name, or NULL. */
WBG_API const wbg_array *wbg_meas_result_find(const wbg_meas_result *r, const char *name);

/** Records (spot values with their conditions): count and record @p i (borrowed). */
WBG_API size_t wbg_meas_result_record_count(const wbg_meas_result *r);
WBG_API const wbg_record *wbg_meas_result_record(const wbg_meas_result *r, size_t i);

/** Start and end (Unix time, s) and bus transactions of the run. */
WBG_API double wbg_meas_result_started(const wbg_meas_result *r);
WBG_API double wbg_meas_result_finished(const wbg_meas_result *r);
WBG_API unsigned long wbg_meas_result_transactions(const wbg_meas_result *r);

/**
 * Fill a store step from a result; every pointer in @p out is borrowed
 * from @p r (and @p sample, @p test) and valid while they live.
 */
WBG_API void wbg_meas_result_step(wbg_step *out, const wbg_meas_result *r, const char *sample,
                                  int seq, const char *test);

/**
 * Keep a failed method's partial result (wbg_meas_take_partial()) in run
 * @p run of @p st as an aborted step: its arrays, NaN where not measured,
 * with @p why it stopped (wbg_store_step_write_aborted()); its records, if
 * any, are not kept.
 * @return as wbg_store_step_write_aborted(), or WBG_ERR_INVALID_ARG.
 */
WBG_API int wbg_meas_result_store_aborted(wbg_store *st, int64_t run, const wbg_meas_result *r,
                                          const char *sample, int seq, const char *test,
                                          double readout_s, const char *why);

/**
 * Record the session's gate and drain SMUs (role = terminal) in run @p run
 * of @p st, with their *IDN?, serial, firmware and the document their
 * readings' uncertainties come from (wbg_smu_accuracy_source()): the
 * provenance every stored step refers to. A role already recorded (a resumed run) is left as
 * it is; an SMU that does not answer *IDN? is skipped.
 */
WBG_API void wbg_meas_store_instruments(wbg_meas *m, wbg_store *st, int64_t run);

#ifdef __cplusplus
}
#endif

#endif
