/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/usbtmc.h
 * @brief Discovery of USBTMC/USB488 instruments on the USB buses.
 */
#ifndef WBG_USBTMC_H
#define WBG_USBTMC_H

#include "wbg/common.h"
#include "wbg/context.h"
#include "wbg/resource.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * List every USBTMC interface (class 0xFE, subclass 3, protocol 1) present.
 * The serial number is read from the device when it can be opened; when it
 * cannot (permissions), the entry's serial is "?" and its detail is logged.
 * @param[out] out malloc'd array of *out_n resources (free() it), NULL when none.
 * @return WBG_OK (also with none found), WBG_ERR_IO, WBG_ERR_NOMEM.
 */
WBG_API int wbg_usbtmc_list(wbg_resource **out, size_t *out_n, wbg_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif
