/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/vbench.h
 * @brief The virtual bench: simulated instruments wired to a device model.
 *
 * A bench owns one device under test (DUT) model, a virtual clock, the chuck
 * temperature and the simulated instruments wired to the DUT's terminals.
 * Several instruments share the DUT (a gate SMU and a drain SMU on one
 * MOSFET). Each instrument is message based, like a USBTMC or socket
 * instrument: write one program message, read its response, device clear,
 * status byte. It answers the SCPI dialect of the real model it imitates,
 * with that model's error queue and reset state.
 *
 * Time is virtual: integration (NPLC), source delays and sweeps advance the
 * bench clock instead of sleeping. Everything random (measurement noise,
 * unit-to-unit spread, time to failure) comes from the bench seed.
 *
 * DUT names: "sic-mosfet" (1200 V SiC MOSFET), "gan-hemt" (650 V e-mode
 * p-GaN HEMT), "r1k" (a 1 kOhm resistor drain-source), "open" (nothing).
 * Terminals: "gate", "drain" (the source is the common return).
 *
 * Ownership: a bench is reference counted (the caller, an attached context
 * and every open SIM:: transport hold one); it owns its instruments, which
 * live as long as the bench. Not thread-safe: use a bench from one thread at
 * a time.
 */
#ifndef WBG_VBENCH_H
#define WBG_VBENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wbg/common.h"
#include "wbg/context.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wbg_vbench wbg_vbench;
typedef struct wbg_vinstr wbg_vinstr;

/**
 * Create a bench holding one DUT at 25 °C, clock at 0 s.
 * @param[out] out the bench, owned by the caller (wbg_vbench_free).
 * @param dut a DUT name (see above), NULL for "sic-mosfet".
 * @param seed seeds every random draw of this bench (gsl mt19937).
 * @return WBG_OK, WBG_ERR_NOT_FOUND (unknown DUT), WBG_ERR_NOMEM.
 */
WBG_API int wbg_vbench_new(wbg_vbench **out, const char *dut, uint64_t seed, wbg_ctx *ctx);

/**
 * Create a bench holding unit @p unit (0-based) of a simulated lot: the unit
 * gets its own spread of parameters, and with probability
 * @p defect_fraction a defect (10x..1000x leakage, or an extrinsic oxide
 * that fails early). The same (dut, lot_seed, unit, defect_fraction) gives
 * the same unit, independent of how many units are drawn.
 * @return as wbg_vbench_new, or WBG_ERR_INVALID_ARG (fraction not in [0,1]).
 */
WBG_API int wbg_vbench_new_lot_unit(wbg_vbench **out, const char *dut, uint64_t lot_seed,
                                    unsigned unit, double defect_fraction, wbg_ctx *ctx);

/** Drop the caller's reference. NULL is a no-op. */
WBG_API void wbg_vbench_free(wbg_vbench *bench);

/**
 * Attach @p bench to @p ctx (the context takes its own reference; NULL
 * detaches): SIM:: resources opened with this context then find their
 * instruments on this bench instead of each getting a private one.
 * SIM::<name> opens the instrument of that name (wbg_vbench_add); a name
 * not on the bench adds that model with its default wiring. A DUT in the
 * resource must be the bench's own (else WBG_ERR_STATE). Without an
 * attached bench, each SIM:: resource gets a private bench (seed 1) with
 * the DUT it names.
 */
WBG_API void wbg_vbench_attach(wbg_ctx *ctx, wbg_vbench *bench);

/** The bench attached to @p ctx (borrowed), or NULL. */
WBG_API wbg_vbench *wbg_vbench_attached(const wbg_ctx *ctx);

/**
 * Add an instrument to the bench.
 * @param[out] out the instrument, borrowed: owned by the bench and valid
 *        while the bench lives.
 * @param name how SIM::<name> finds it on an attached bench; NULL = model.
 * @param model "2450", "2460", "2470", "B2901A", "B2902A", "E4980A" or "336".
 * @param wiring the terminal an SMU channel drives ("gate" or "drain"; for a
 *        B2902A "gate,drain" names channel 1 then 2); for the E4980A
 *        "ciss", "coss" or "crss"; ignored by the 336. NULL for the default:
 *        SMU to "drain" (B2902A "gate,drain"), E4980A "ciss".
 * @return WBG_OK, WBG_ERR_NOT_FOUND (unknown model), WBG_ERR_INVALID_ARG
 *         (bad wiring), WBG_ERR_BUSY (the terminal is already driven, or the
 *         name is taken), WBG_ERR_NOMEM.
 */
WBG_API int wbg_vbench_add(wbg_vinstr **out, wbg_vbench *bench, const char *name,
                           const char *model, const char *wiring, wbg_ctx *ctx);

/** The instrument called @p name on the bench (borrowed), or NULL. */
WBG_API wbg_vinstr *wbg_vbench_find(wbg_vbench *bench, const char *name);

/**
 * Plug a trigger cable between digital I/O line @p from_line of instrument
 * @p from and line @p to_line of instrument @p to (names as in
 * wbg_vbench_add). The cable is a wire: an edge an instrument drives on its
 * end (a trigger-out line) reaches the other end (a trigger-in line) at
 * once. Only the 2450, 2460 and 2470 have digital I/O lines (1..6).
 * @return WBG_OK, WBG_ERR_NOT_FOUND (no such instrument),
 *         WBG_ERR_NOT_SUPPORTED (a model without digital I/O),
 *         WBG_ERR_RANGE (no such line), WBG_ERR_INVALID_ARG (the same
 *         instrument at both ends), WBG_ERR_BUSY (a line already cabled,
 *         or 16 cables).
 */
WBG_API int wbg_vbench_link(wbg_vbench *bench, const char *from, int from_line, const char *to,
                            int to_line, wbg_ctx *ctx);

/** The virtual clock in seconds since the bench was created. */
WBG_API double wbg_vbench_time(const wbg_vbench *bench);

/**
 * Let @p dt_s seconds of virtual time pass with the present biases applied
 * (stress: BTI drift, charge trapping, oxide wear-out, chuck ramp).
 * @return WBG_OK or WBG_ERR_RANGE (negative or not finite).
 */
WBG_API int wbg_vbench_advance(wbg_vbench *bench, double dt_s);

/** The DUT temperature in kelvin. */
WBG_API double wbg_vbench_temp_k(const wbg_vbench *bench);

/**
 * Set the DUT temperature directly (a bench with no temperature
 * controller). @return WBG_OK, or WBG_ERR_RANGE outside 4..700 K.
 */
WBG_API int wbg_vbench_set_temp_k(wbg_vbench *bench, double temp_k);

/** Whether the DUT's gate oxide has broken down. */
WBG_API bool wbg_vbench_dut_failed(const wbg_vbench *bench);

/**
 * The time at which the gate oxide of this DUT would fail under a constant
 * gate bias @p vgs_v at @p temp_k from now, drawn from its Weibull
 * distribution (its damage so far counted). For reliability tests.
 * @return WBG_OK, WBG_ERR_DOMAIN (no wear-out at this bias, e.g. 0 V).
 */
WBG_API int wbg_vbench_ttf(double *out_s, const wbg_vbench *bench, double vgs_v, double temp_k);

/**
 * Write one program message (or part of one: @p end false keeps it pending
 * until a call with @p end true). A trailing newline is a terminator.
 * @return WBG_OK, or WBG_ERR_OVERFLOW (the message exceeded 64 KiB: the
 *         instrument records -363 input buffer overrun and drops it).
 *         SCPI errors are not returned: they go to the instrument's queue.
 */
WBG_API int wbg_vinstr_write(wbg_vinstr *vi, const uint8_t *data, size_t len, bool end);

/**
 * Read up to @p cap bytes of the pending response. @p out_end is true with
 * the last byte of the response (which ends in "\n", or "\r\n" for the
 * Lake Shore 336).
 * @return WBG_OK, or WBG_ERR_TIMEOUT when nothing is queued (as a real
 *         instrument; the instrument also records -420 query unterminated).
 *         *out_len is always set.
 */
WBG_API int wbg_vinstr_read(wbg_vinstr *vi, uint8_t *buf, size_t cap, size_t *out_len,
                            bool *out_end);

/**
 * Bytes of response waiting to be read (0 when none). A device-side
 * transport (an emulated USBTMC device answering REQUEST_DEV_DEP_MSG_IN,
 * a socket server) checks it before wbg_vinstr_read(), so that polling for
 * a response that is not there yet does not queue -420 errors.
 */
WBG_API size_t wbg_vinstr_pending(const wbg_vinstr *vi);

/** Device clear: drop pending input and output (the error queue stays). */
WBG_API void wbg_vinstr_clear(wbg_vinstr *vi);

/** IEEE 488.2 status byte (EAV bit 2, MAV bit 4, ESB bit 5, MSS bit 6). */
WBG_API uint8_t wbg_vinstr_stb(wbg_vinstr *vi);

/** The model name, e.g. "2450". Static storage. */
WBG_API const char *wbg_vinstr_model(const wbg_vinstr *vi);

/** The bench this instrument is on (borrowed). */
WBG_API wbg_vbench *wbg_vinstr_bench(const wbg_vinstr *vi);

/**
 * Convenience: send @p cmd (terminated for you) and, if it is a query,
 * read the response into @p resp (NUL-terminated, "\n" or "\r\n" stripped);
 * with @p resp NULL a response is discarded.
 * @return WBG_OK, WBG_ERR_TIMEOUT (query gave no response),
 *         WBG_ERR_OVERFLOW (response larger than resp_cap - 1).
 */
WBG_API int wbg_vinstr_query(wbg_vinstr *vi, const char *cmd, char *resp, size_t resp_cap);

#ifdef __cplusplus
}
#endif

#endif
