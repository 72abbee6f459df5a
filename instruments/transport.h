/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal transport interface: the byte pipe under the SCPI layer.
 * Implementations: USBTMC over libusb (transport_usbtmc.c), raw TCP socket
 * (transport_tcp.c) and the in-process virtual bench (transport_sim.c).
 * Not installed; symbols are hidden (wbgi_ prefix, no WBG_API).
 */
#ifndef WBG_INSTRUMENTS_TRANSPORT_H
#define WBG_INSTRUMENTS_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wbg/context.h"

typedef struct wbgi_transport wbgi_transport;

struct wbgi_transport_ops {
	const char *name; /* "usbtmc", "tcp", "sim": for logs */
	/* True when *out_end marks the device's end of message (USBTMC EOM), so
	 * that a binary block needs no terminator after it; false when the end
	 * is only a "\n" seen at the end of the data read (socket). */
	bool message_framed;
	/* Send one complete message. WBG_ERR_TIMEOUT when not all was sent in time. */
	int (*write)(wbgi_transport *t, const uint8_t *data, size_t len, double timeout_s);
	/* Read up to cap bytes of the device's response. *out_len is always set,
	 * also on WBG_ERR_TIMEOUT (partial data is kept, never dropped).
	 * *out_end is true when the device ended its message (USBTMC EOM, or the
	 * terminator on a socket). */
	int (*read)(wbgi_transport *t, uint8_t *buf, size_t cap, size_t *out_len, bool *out_end,
	            double timeout_s);
	/* Selected device clear (USBTMC INITIATE_CLEAR, or the equivalent). May be
	 * NULL or return WBG_ERR_NOT_SUPPORTED. */
	int (*clear)(wbgi_transport *t);
	/* IEEE 488.2 status byte without a query (USB488 READ_STATUS_BYTE). May be NULL. */
	int (*read_stb)(wbgi_transport *t, uint8_t *out_stb);
	/* Remote enable / go to local. May be NULL. */
	int (*set_remote)(wbgi_transport *t, bool remote);
	/* Release everything; t is freed. */
	void (*close)(wbgi_transport *t);
	/* Let seconds pass with the instrument's biases applied (thermal
	 * settling, readout delays). NULL: the caller sleeps in real time
	 * (USB, TCP); the virtual bench advances its clock instead. */
	int (*wait)(wbgi_transport *t, double seconds);
};

struct wbgi_transport {
	const struct wbgi_transport_ops *ops;
	wbg_ctx *ctx; /* borrowed, for logs and error detail */
};

/* Open a USBTMC/USB488 interface (resource kind WBG_RESOURCE_USB) over
 * libusb (instruments/transport_usbtmc.c). */
struct wbg_resource;
int wbgi_usbtmc_open(wbgi_transport **out, const struct wbg_resource *res, double timeout_s,
                     wbg_ctx *ctx);

/* Open a raw SCPI socket (instruments/transport_tcp.c); connect within timeout_s. */
int wbgi_tcp_open(wbgi_transport **out, const char *host, unsigned port, double timeout_s,
                  wbg_ctx *ctx);

/*
 * Open a virtual-bench instrument in-process (a SIM::<model>[::<dut>]
 * resource). Implemented by the virtual bench (instruments/transport_sim.c).
 * @param model e.g. "2450", "B2902A", "E4980A", "336"
 * @param dut optional device-under-test name, NULL for the default
 */
int wbgi_sim_open(wbgi_transport **out, const char *model, const char *dut, wbg_ctx *ctx);

#endif
