/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * USBTMC / USB488 framing and parsing as pure functions over byte buffers
 * (USBTMC 1.0 and USB488 1.0 specifications), so that they are unit-tested
 * and fuzzed without a device. The libusb I/O is in transport_usbtmc.c.
 */
#ifndef WBG_INSTRUMENTS_USBTMC_PROTO_H
#define WBG_INSTRUMENTS_USBTMC_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wbg/context.h"

/* Bulk MsgID values (USBTMC Table 2). */
#define WBGI_USBTMC_DEV_DEP_MSG_OUT 1
#define WBGI_USBTMC_REQUEST_DEV_DEP_MSG_IN 2
#define WBGI_USBTMC_DEV_DEP_MSG_IN 2
#define WBGI_USBTMC_HEADER_LEN 12

/* Class requests (USBTMC Table 15, USB488 Table 9). */
#define WBGI_USBTMC_INITIATE_ABORT_BULK_OUT 1
#define WBGI_USBTMC_CHECK_ABORT_BULK_OUT_STATUS 2
#define WBGI_USBTMC_INITIATE_ABORT_BULK_IN 3
#define WBGI_USBTMC_CHECK_ABORT_BULK_IN_STATUS 4
#define WBGI_USBTMC_INITIATE_CLEAR 5
#define WBGI_USBTMC_CHECK_CLEAR_STATUS 6
#define WBGI_USBTMC_GET_CAPABILITIES 7
#define WBGI_USBTMC_INDICATOR_PULSE 64
#define WBGI_USB488_READ_STATUS_BYTE 128
#define WBGI_USB488_REN_CONTROL 160
#define WBGI_USB488_GO_TO_LOCAL 161
#define WBGI_USB488_LOCAL_LOCKOUT 162

/* USBTMC_status values (USBTMC Table 16). */
#define WBGI_USBTMC_STATUS_SUCCESS 0x01
#define WBGI_USBTMC_STATUS_PENDING 0x02
#define WBGI_USBTMC_STATUS_FAILED 0x80
#define WBGI_USBTMC_STATUS_TRANSFER_NOT_IN_PROGRESS 0x81
#define WBGI_USBTMC_STATUS_SPLIT_NOT_IN_PROGRESS 0x82
#define WBGI_USBTMC_STATUS_SPLIT_IN_PROGRESS 0x83

/* Quirks of real devices, keyed by vid:pid (wbgi_usbtmc_quirks_lookup). */
enum wbgi_usbtmc_quirk {
	WBGI_QUIRK_BTAG_ANY = 1u << 0,           /* stale or mismatched bTag in DEV_DEP_MSG_IN */
	WBGI_QUIRK_HEADER_FIRST_ONLY = 1u << 1,  /* one header for the whole response: request it all at once */
	WBGI_QUIRK_EOM_ALWAYS = 1u << 2,         /* EOM set on every transfer: end on "\n" instead */
	WBGI_QUIRK_TRANSFER_SIZE_ZERO = 1u << 3, /* TransferSize 0 although data follows */
	WBGI_QUIRK_NO_SHORT_PACKET = 1u << 4,    /* no short/zero-length packet at the end */
	WBGI_QUIRK_CLEAR_ON_OPEN = 1u << 5,      /* answers nothing until a device clear */
	WBGI_QUIRK_NO_REN = 1u << 6,             /* REN_CONTROL stalls although USB488 says it works */
	WBGI_QUIRK_RESET_ON_OPEN = 1u << 7,      /* needs a USB port reset after open */
};

struct wbgi_usbtmc_quirk_entry {
	uint16_t vid, pid;
	unsigned quirks;
	const char *name;
};

/* The built-in quirk table (terminated by vid 0) and a lookup in it. */
extern const struct wbgi_usbtmc_quirk_entry wbgi_usbtmc_quirk_table[];
unsigned wbgi_usbtmc_quirks_lookup(uint16_t vid, uint16_t pid);
/* Parse "vid:pid:flags[,vid:pid:flags...]" (hex) from WBG_USBTMC_QUIRKS;
 * returns the flags for vid:pid, or 0. Malformed entries are ignored. */
unsigned wbgi_usbtmc_quirks_from_env(const char *spec, uint16_t vid, uint16_t pid);

/* GET_CAPABILITIES response (USBTMC Table 37, USB488 Table 8). */
struct wbgi_usbtmc_caps {
	uint16_t bcd_usbtmc;
	bool indicator_pulse; /* interface capability bit 2 */
	bool talk_only, listen_only;
	bool term_char;       /* device capability bit 0: TermChar supported */
	uint16_t bcd_usb488;
	bool is_usb488;       /* USB488 interface bit 2 */
	bool ren_control;     /* USB488 interface bit 1 */
	bool trigger;         /* USB488 interface bit 0 */
	bool scpi, sr1, rl1, dt1; /* USB488 device capabilities */
};

int wbgi_usbtmc_caps_parse(struct wbgi_usbtmc_caps *out, const uint8_t *buf, size_t len,
                           wbg_ctx *ctx);

/* The next bTag after @p tag: 1..255, never 0. */
uint8_t wbgi_usbtmc_next_btag(uint8_t tag);

/* Bytes on the wire for a message of @p n bytes: header + data padded to 4. */
size_t wbgi_usbtmc_padded_len(size_t n);

/* Fill a DEV_DEP_MSG_OUT header for @p transfer_size data bytes. */
void wbgi_usbtmc_out_header(uint8_t hdr[WBGI_USBTMC_HEADER_LEN], uint8_t btag,
                            uint32_t transfer_size, bool eom);

/* Fill a REQUEST_DEV_DEP_MSG_IN header asking for at most @p max bytes. */
void wbgi_usbtmc_request_in_header(uint8_t hdr[WBGI_USBTMC_HEADER_LEN], uint8_t btag, uint32_t max,
                                   bool use_term_char, uint8_t term_char);

/* A parsed DEV_DEP_MSG_IN header. */
struct wbgi_usbtmc_in_header {
	uint8_t btag;
	uint32_t transfer_size;
	bool eom;
	bool term_char; /* bmTransferAttributes bit 1: ended on TermChar */
};

/*
 * Parse the DEV_DEP_MSG_IN header at the start of a bulk-IN transfer.
 * Checks MsgID, bTag against @p expected_btag and its inverse (both skipped
 * with WBGI_QUIRK_BTAG_ANY), reserved bytes, and TransferSize against
 * @p max_size (the size requested). With WBGI_QUIRK_TRANSFER_SIZE_ZERO a
 * TransferSize of 0 is returned as is (the caller takes the data received).
 * Returns WBG_OK, WBG_ERR_INSUFFICIENT_DATA (< 12 bytes) or WBG_ERR_PROTOCOL.
 */
int wbgi_usbtmc_in_header_parse(struct wbgi_usbtmc_in_header *out, const uint8_t *buf, size_t len,
                                uint8_t expected_btag, uint32_t max_size, unsigned quirks,
                                wbg_ctx *ctx);

/* Parse the 2-byte response of INITIATE_ABORT_* / INITIATE_CLEAR (status,
 * bTag) or the longer CHECK_* responses; returns the USBTMC_status byte or a
 * negative WBG_ERR_PROTOCOL when too short. */
int wbgi_usbtmc_status_parse(const uint8_t *buf, size_t len);

/* CHECK_ABORT_BULK_IN_STATUS: status, bmAbortBulkIn (bit 0: data still
 * queued), reserved, NBYTES_RXD (4 bytes). */
int wbgi_usbtmc_check_abort_parse(uint8_t *out_status, bool *out_more, uint32_t *out_nbytes,
                                  const uint8_t *buf, size_t len);

/* USB488 interrupt-IN notification for READ_STATUS_BYTE: bNotify1 = 0x80 |
 * bTag (bit 7 set, tag in bits 6..0), bNotify2 = STB. Returns WBG_OK and the
 * STB when the notification matches @p btag, else WBG_ERR_PROTOCOL. */
int wbgi_usb488_interrupt_parse(uint8_t *out_stb, const uint8_t *buf, size_t len, uint8_t btag);

#endif
