/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/common.h
 * @brief Export macro and library version.
 *
 * Conventions used by every wbgkit header:
 * - Fallible functions return int: WBG_OK (0) or a negative WBG_ERR_* code.
 * - Output parameters come first and are named out / out_*; they are only
 *   written when the call returns WBG_OK.
 * - Every value is in SI base units (V, A, ohm, s, K, F, m, ...).
 * - `_new` functions allocate; the matching `_free` releases and accepts NULL.
 */
#ifndef WBG_COMMON_H
#define WBG_COMMON_H

#include <stddef.h>

#if defined(__GNUC__) && defined(WBG_BUILDING_LIBRARY)
#define WBG_API __attribute__((visibility("default")))
#else
#define WBG_API
#endif

#if defined(__GNUC__)
#define WBG_PRINTF(fmt_idx, first_arg) __attribute__((format(printf, fmt_idx, first_arg)))
#else
#define WBG_PRINTF(fmt_idx, first_arg)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** The package version, e.g. "0.1.0". Static storage; never free. */
WBG_API const char *wbg_version(void);

/**
 * The versions of wbgkit and of the libraries it runs with, for provenance,
 * e.g. "wbgkit 0.1.0 (libusb 1.0.26, GSL 2.7.1, libxml2 2.9.14)".
 * @return 0 (WBG_OK), or WBG_ERR_INVALID_ARG / WBG_ERR_OVERFLOW.
 */
WBG_API int wbg_version_details(char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif
