/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/scpi.h
 * @brief Parsers for what SCPI instruments send back: IEEE 488.2 arbitrary
 * blocks, ASCII and binary REAL arrays, `*IDN?` and `SYST:ERR?` replies.
 *
 * Pure functions over byte buffers: no I/O, usable on stored responses.
 * A length announced by a device is never trusted beyond the caller's maximum.
 */
#ifndef WBG_SCPI_H
#define WBG_SCPI_H

#include <stdint.h>

#include "wbg/common.h"
#include "wbg/context.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How a numeric array is encoded in a response. */
typedef enum wbg_scpi_format {
	WBG_SCPI_ASCII = 0,     /**< comma-separated numbers, `FORM ASC` */
	WBG_SCPI_REAL32_BE = 1, /**< block of IEEE 754 binary32, big-endian (`FORM REAL,32; FORM:BORD NORM`) */
	WBG_SCPI_REAL32_LE = 2, /**< binary32, little-endian (`FORM:BORD SWAP`) */
	WBG_SCPI_REAL64_BE = 3, /**< binary64, big-endian */
	WBG_SCPI_REAL64_LE = 4, /**< binary64, little-endian */
} wbg_scpi_format;

/**
 * Locate an IEEE 488.2 arbitrary block at the start of @p buf (leading
 * whitespace skipped): definite `#<n><len><data>` or indefinite `#0<data>`,
 * whose data runs to the end of the message (a final "\n" is not data).
 * @param[out] out_offset where the data starts in @p buf
 * @param[out] out_len its length
 * @param[out] out_needed for a definite block, header + data length: the
 *   number of bytes of @p buf the complete block occupies (may exceed
 *   @p len, see the return codes); for `#0`, @p len. May be NULL.
 * @param max_len the largest data length accepted.
 * @return WBG_OK; WBG_ERR_INSUFFICIENT_DATA when the header is complete but
 * @p buf holds fewer bytes than announced (*out_needed is then set, the other
 * outputs not), or the header itself is incomplete (*out_needed 0);
 * WBG_ERR_PARSE for a malformed header; WBG_ERR_OVERFLOW when the announced
 * length exceeds @p max_len.
 */
WBG_API int wbg_scpi_block_parse(size_t *out_offset, size_t *out_len, size_t *out_needed,
                                 const uint8_t *buf, size_t len, size_t max_len, wbg_ctx *ctx);

/**
 * Decode an array of numbers: for WBG_SCPI_ASCII comma-separated numbers
 * (whitespace and a final newline allowed; an ASCII array may also come
 * inside a block), for the REAL formats an arbitrary block whose data length
 * must be a multiple of the element size.
 * @param[out] out a malloc'd array of *out_n doubles (free() it); NULL when empty.
 * @param max_n the largest number of elements accepted.
 * @return WBG_OK, WBG_ERR_PARSE, WBG_ERR_INSUFFICIENT_DATA, WBG_ERR_OVERFLOW, WBG_ERR_NOMEM.
 */
WBG_API int wbg_scpi_array_parse(double **out, size_t *out_n, const uint8_t *buf, size_t len,
                                 wbg_scpi_format fmt, size_t max_n, wbg_ctx *ctx);

/** The four fields of an `*IDN?` reply (IEEE 488.2 clause 10.14). */
typedef struct wbg_idn {
	char manufacturer[64];
	char model[64];
	char serial[64];   /**< "0" when the instrument does not report one */
	char firmware[128];
} wbg_idn;

/**
 * Parse `manufacturer,model,serial,firmware` (fields trimmed; commas after
 * the third belong to the firmware field; over-long fields are truncated).
 * @return WBG_OK, or WBG_ERR_PARSE when there are fewer than four fields.
 */
WBG_API int wbg_idn_parse(wbg_idn *out, const char *reply, wbg_ctx *ctx);

/** One entry of the instrument's error queue. */
typedef struct wbg_scpi_error {
	int code;          /**< 0 means "No error" (the queue is empty) */
	char message[256]; /**< the quoted text, without quotes */
} wbg_scpi_error;

/**
 * Parse a `SYST:ERR?` reply such as `-113,"Undefined header"` or `+0,"No error"`.
 * @return WBG_OK or WBG_ERR_PARSE.
 */
WBG_API int wbg_scpi_error_parse(wbg_scpi_error *out, const char *reply, wbg_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif
