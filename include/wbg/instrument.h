/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/instrument.h
 * @brief An open instrument: SCPI commands and queries over USBTMC, a TCP
 * socket or the virtual bench.
 *
 * A handle is not thread-safe; use it from one thread at a time.
 */
#ifndef WBG_INSTRUMENT_H
#define WBG_INSTRUMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "wbg/common.h"
#include "wbg/context.h"
#include "wbg/resource.h"
#include "wbg/scpi.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wbg_instr wbg_instr;

/** Default I/O timeout of a new handle, in seconds. */
#define WBG_INSTR_DEFAULT_TIMEOUT_S 2.0
/** Longest window wbg_instr_reopen() accepts, in seconds. */
#define WBG_INSTR_MAX_REOPEN_S 600

/** Default largest response accepted, in bytes. */
#define WBG_INSTR_DEFAULT_MAX_RESPONSE (16u * 1024u * 1024u)

/**
 * Open an instrument by resource string (see wbg/resource.h).
 * @param[out] out the handle, owned by the caller (wbg_instr_close); only set on success.
 * @param ctx borrowed for the life of the handle (logs, error detail).
 * @return WBG_OK; WBG_ERR_PARSE (bad resource string); WBG_ERR_NOT_FOUND (no
 * such instrument); WBG_ERR_ACCESS (permission: install the udev rules);
 * WBG_ERR_BUSY; WBG_ERR_IO; WBG_ERR_TIMEOUT; WBG_ERR_NOMEM.
 */
WBG_API int wbg_instr_open(wbg_instr **out, const char *resource, wbg_ctx *ctx);

/** Release the instrument (USB: re-attach the kernel driver). NULL is a no-op. */
WBG_API void wbg_instr_close(wbg_instr *instr);

/**
 * Find the instrument again after its link dropped (WBG_ERR_NO_DEVICE: a USB
 * re-enumeration after an ESD event or a hub reset, a LAN instrument whose
 * connection was closed): close the dead link, then look for the same
 * resource every 0.1 s for up to @p within_s seconds (USB: the same
 * VID:PID and serial number; TCP: the same host and port; SIM: the same
 * virtual instrument), and ask the one found for `*IDN?`. When the handle
 * knows the instrument's identity (an earlier wbg_instr_idn()), the
 * manufacturer, model and serial number must match; otherwise the reply
 * becomes its identity. Nothing but `*IDN?` is sent. Never waits longer
 * than @p within_s plus one connect or I/O timeout.
 * @param within_s 0..WBG_INSTR_MAX_REOPEN_S (0: one attempt).
 * @param[out] out_waited_s may be NULL; the seconds it took, set on success.
 * @return WBG_OK (the handle works again; timeout and limits kept);
 * WBG_ERR_NOT_FOUND (not back in time, or a different instrument answers:
 * the detail says which; the handle stays without a link, and every call
 * fails with WBG_ERR_NO_DEVICE until a later successful reopen);
 * WBG_ERR_INVALID_ARG.
 */
WBG_API int wbg_instr_reopen(wbg_instr *instr, double within_s, double *out_waited_s);

/** Whether the handle has a link (false after a wbg_instr_reopen() that failed). */
WBG_API bool wbg_instr_is_open(const wbg_instr *instr);

/** Set the I/O timeout (seconds, > 0) for every following call. */
WBG_API int wbg_instr_set_timeout(wbg_instr *instr, double timeout_s);

/** Set the largest response (bytes) a query accepts; longer ones fail with WBG_ERR_OVERFLOW. */
WBG_API int wbg_instr_set_max_response(wbg_instr *instr, size_t max_bytes);

/** The canonical resource string of an open instrument. Borrowed, valid until close. */
WBG_API const char *wbg_instr_resource(const wbg_instr *instr);

/**
 * Send a command; a "\n" terminator is appended unless present.
 * @return WBG_OK, WBG_ERR_TIMEOUT, WBG_ERR_IO, WBG_ERR_NO_DEVICE, WBG_ERR_INVALID_ARG.
 */
WBG_API int wbg_instr_write(wbg_instr *instr, const char *command);

/**
 * Send a query and read its text reply.
 * @param[out] out a malloc'd NUL-terminated reply without its trailing
 *   "\r\n"/"\n" (free() it); only set on success.
 * @param work_s the time the instrument needs to do the work asked for (a
 *   sweep, an integration), 0 for an immediate answer. The read timeout is
 *   the handle's timeout plus 1.5 × work_s.
 * @return WBG_OK; WBG_ERR_TIMEOUT (any partial reply is discarded and the
 * instrument is left ready for the next command); WBG_ERR_OVERFLOW;
 * WBG_ERR_IO; WBG_ERR_NO_DEVICE; WBG_ERR_PROTOCOL.
 */
WBG_API int wbg_instr_query(wbg_instr *instr, char **out, const char *command, double work_s);

/**
 * Send a query whose reply is binary or may be: an arbitrary block is read
 * to its announced length (never beyond the maximum response size).
 * @param[out] out malloc'd raw reply (free() it), NUL-terminated for convenience.
 * @param[out] out_len its length, without that NUL.
 */
WBG_API int wbg_instr_query_raw(wbg_instr *instr, uint8_t **out, size_t *out_len,
                                const char *command, double work_s);

/**
 * Send a query and read an IEEE 488.2 arbitrary block.
 * @param[out] out malloc'd block data (free() it); @param[out] out_len its length.
 */
WBG_API int wbg_instr_query_block(wbg_instr *instr, uint8_t **out, size_t *out_len,
                                  const char *command, double work_s);

/**
 * Send a query and decode an array of numbers in format @p fmt (the
 * instrument must have been told that format, e.g. `FORM REAL,64`).
 * @param[out] out malloc'd doubles (free() it), @param[out] out_n their count.
 */
WBG_API int wbg_instr_query_array(wbg_instr *instr, double **out, size_t *out_n,
                                  const char *command, wbg_scpi_format fmt, double work_s);

/** Query `*IDN?` and parse it. */
WBG_API int wbg_instr_idn(wbg_instr *instr, wbg_idn *out);

/**
 * Drain the error queue: query `SYST:ERR?` until it reports 0 or @p cap
 * entries (at most 100 queries in all) have been read.
 * @param[out] out caller's array of @p cap entries, receives the errors (without the final 0).
 * @param[out] out_n the number of errors stored.
 * @return WBG_OK even when errors were found (the caller decides); I/O errors otherwise.
 */
WBG_API int wbg_instr_errors(wbg_instr *instr, wbg_scpi_error *out, size_t cap, size_t *out_n);

/** Read the IEEE 488.2 status byte without a query (USB488 READ_STATUS_BYTE,
 * or `*STB?` on transports without one). */
WBG_API int wbg_instr_read_stb(wbg_instr *instr, uint8_t *out);

/** Device clear: abort what the instrument is doing and empty its buffers. */
WBG_API int wbg_instr_clear(wbg_instr *instr);

/** Remote enable (true) or go to local (false). WBG_ERR_NOT_SUPPORTED when the instrument cannot. */
WBG_API int wbg_instr_set_remote(wbg_instr *instr, int remote);

/**
 * Let @p seconds pass (a readout delay, thermal settling): on a SIM::
 * instrument the virtual bench's clock advances with the present biases
 * applied, without sleeping; on USB and TCP the caller sleeps in real time.
 * @return WBG_OK, WBG_ERR_RANGE (negative or not finite).
 */
WBG_API int wbg_instr_wait(wbg_instr *instr, double seconds);

#ifdef __cplusplus
}
#endif

#endif
