/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * An emulated USBTMC/USB488 instrument for tests: umockdev provides the
 * /sys and /dev nodes and forwards usbdevfs ioctls to a handler that plays
 * the device side of USBTMC (see ../shared/notes/usb-emulation.md). The SCPI
 * instrument behind the USBTMC interface is pluggable (struct emu_instrument).
 */
#ifndef WBG_TESTS_USBTMC_EMU_H
#define WBG_TESTS_USBTMC_EMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The SCPI device behind the USBTMC interface. Called from the emulator's
 * thread with the emulator's lock held; must not block. */
struct emu_instrument {
	void *self;
	/* A DEV_DEP_MSG_OUT payload; eom true on the last part of a message. */
	void (*write)(void *self, const uint8_t *data, size_t len, bool eom);
	/* Up to cap bytes of the pending response; *out_end true when they end
	 * it. Returns 0 (and no end) when there is nothing to send yet. */
	size_t (*read)(void *self, uint8_t *buf, size_t cap, bool *out_end);
	/* Device clear: drop input and output. */
	void (*clear)(void *self);
	/* IEEE 488.2 status byte. */
	uint8_t (*stb)(void *self);
};

/* Device-side misbehaviours, mirroring the driver's quirk flags. */
enum emu_quirk {
	EMU_BTAG_STALE = 1u << 0,       /* header carries the previous bTag */
	EMU_HEADER_FIRST_ONLY = 1u << 1,/* whole response in one transfer, ignoring the size asked */
	EMU_EOM_ALWAYS = 1u << 2,       /* EOM on every transfer */
	EMU_TRANSFER_SIZE_ZERO = 1u << 3, /* TransferSize 0 in every header */
	EMU_NO_SHORT_PACKET = 1u << 4,  /* no zero-length packet after a full last packet */
	EMU_CLEAR_ON_OPEN = 1u << 5,    /* deaf until INITIATE_CLEAR */
	EMU_NO_REN = 1u << 6,           /* claims REN support but stalls REN_CONTROL */
	EMU_RESET_ON_OPEN = 1u << 7,    /* deaf until a USB port reset */
};

struct emu_config {
	uint16_t vid, pid;
	const char *serial;
	unsigned quirks;
	bool kernel_driver;  /* the kernel usbtmc driver starts attached */
	bool no_interrupt;   /* no interrupt-IN endpoint: READ_STATUS_BYTE answers the STB itself */
};

/* Counters of what the host did, for assertions. */
struct emu_stats {
	unsigned initiate_abort_in, check_abort_in, initiate_abort_out, check_abort_out;
	unsigned initiate_clear, check_clear, clear_halt, read_stb, ren, go_to_local, resets;
	unsigned detach, attach, claims, get_caps;
	unsigned out_msgs, out_eoms, in_requests, bad_headers;
	size_t out_bytes, in_bytes;
};

struct emu;

/* Re-exec the running test under umockdev-wrapper unless the preload is
 * active (call first thing in main). */
void emu_ensure_wrapper(int argc, char **argv);

/* Create the testbed with one instrument at /dev/bus/usb/001/002. */
struct emu *emu_new(const struct emu_config *cfg, struct emu_instrument *instr);
void emu_free(struct emu *e);

/* From now on every ioctl fails with ENODEV, and so does the rest of a
 * bulk-IN response after @p after_bytes more bytes (0: at once). */
void emu_disconnect_after(struct emu *e, size_t after_bytes);
/* Unplug the device: its sysfs record and /dev node go away (libusb no
 * longer lists it), and every ioctl on an open of it fails with ENODEV. */
void emu_unplug(struct emu *e);
/* Plug it back in at the same bus address, as a re-enumeration does: a
 * fresh USBTMC function (message buffers cleared; the instrument behind it
 * keeps its state), with a new serial number when @p serial is not NULL and
 * a different instrument behind it when @p instr is not NULL (borrowed).
 * Opens from before stay dead; a new open talks to the new device. Also
 * ends an emu_disconnect_after(). */
void emu_replug(struct emu *e, const char *serial, struct emu_instrument *instr);
/* Hold bulk-OUT transfers (the device NAKs) until released. */
void emu_hold_out(struct emu *e, bool hold);
/* Inject a raw bulk-IN transfer (for malformed-header tests); it replaces
 * the next response. */
void emu_inject_in(struct emu *e, const uint8_t *data, size_t len);
struct emu_stats emu_get_stats(struct emu *e);

#endif
