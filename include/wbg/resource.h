/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/resource.h
 * @brief Instrument resource strings in the VISA grammar.
 *
 * - `USB[board]::vid::pid::serial[::interface][::INSTR]`, ids in decimal or
 *   hex (`0x05E6`), e.g. `USB0::0x05E6::0x2450::04412345::INSTR`;
 * - `TCPIP[board]::host::port::SOCKET`, e.g. `TCPIP0::192.0.2.7::5025::SOCKET`
 *   (an IPv6 host is written in brackets: `TCPIP::[::1]::5025::SOCKET`);
 * - `SIM::<model>[::<dut>]` for the built-in virtual bench.
 * Keywords are case-insensitive, as in VISA.
 */
#ifndef WBG_RESOURCE_H
#define WBG_RESOURCE_H

#include <stdint.h>

#include "wbg/common.h"
#include "wbg/context.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The kinds of resource. */
typedef enum wbg_resource_kind {
	WBG_RESOURCE_USB = 0,   /**< USBTMC/USB488 over libusb */
	WBG_RESOURCE_TCPIP = 1, /**< raw SCPI socket */
	WBG_RESOURCE_SIM = 2,   /**< virtual bench, in-process */
} wbg_resource_kind;

/** A parsed resource string. Plain data; copy freely. */
typedef struct wbg_resource {
	wbg_resource_kind kind;
	unsigned board;          /**< USB/TCPIP board number (0 when omitted) */
	uint16_t vid, pid;       /**< USB vendor and product id */
	char serial[128];        /**< USB serial number string */
	int interface_number;    /**< USB interface, -1 when omitted (first USBTMC interface) */
	char host[256];          /**< TCPIP host name or address (without brackets) */
	uint16_t port;           /**< TCPIP port */
	char model[64];          /**< SIM model, e.g. "2450" */
	char dut[128];           /**< SIM device under test, "" when omitted */
} wbg_resource;

/**
 * Parse a resource string.
 * @param[out] out only written on success.
 * @return WBG_OK; WBG_ERR_PARSE with a detail naming the bad field (e.g.
 * "vendor id", "port"); WBG_ERR_INVALID_ARG for NULL arguments.
 */
WBG_API int wbg_resource_parse(wbg_resource *out, const char *text, wbg_ctx *ctx);

/**
 * Format a resource in its canonical form: `USB<b>::0x05E6::0x2450::SERIAL[::<if>]::INSTR`
 * (hex ids, 4 digits), `TCPIP<b>::host::port::SOCKET`, `SIM::model[::dut]`.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, or WBG_ERR_OVERFLOW when @p len is too small.
 */
WBG_API int wbg_resource_format(char *buf, size_t len, const wbg_resource *res);

#ifdef __cplusplus
}
#endif

#endif
