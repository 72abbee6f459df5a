/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * USBTMC throughput and latency over the emulated instrument (tests/usb),
 * our stack (wbg_instr_*) side by side with a minimal raw-libusb client that
 * does the same transfers, interleaved in the same run so that both see the
 * same machine load. The emulation itself (umockdev's socket round trips)
 * dominates both; the difference is the overhead of our stack.
 *
 * usage: bench/bench-usbtmc [QUERIES [BLOCKS]]   (default 1000 and 9)
 *
 * The machine is shared and the emulation is all system calls, so besides
 * the medians the best (minimum) times are printed: the least disturbed
 * estimate of each stack's own cost.
 */
#include "config.h"

#include <libusb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../tests/usb/instr_double.h"
#include "../tests/usb/usbtmc_emu.h"
#include "wbg/wbg.h"

#define BLOCK (4u * 1024u * 1024u)

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* The raw client: just the bulk transfers, no checks beyond lengths. */
struct raw {
	libusb_context *usb;
	libusb_device_handle *h;
	uint8_t tag;
	uint8_t *buf;
};

static void raw_header(uint8_t *h, uint8_t id, uint8_t tag, uint32_t n, uint8_t attr)
{
	memset(h, 0, 12);
	h[0] = id;
	h[1] = tag;
	h[2] = (uint8_t)~tag;
	h[4] = (uint8_t)n, h[5] = (uint8_t)(n >> 8), h[6] = (uint8_t)(n >> 16), h[7] = (uint8_t)(n >> 24);
	h[8] = attr;
}

static int raw_query(struct raw *r, const char *cmd, uint32_t max, size_t *out_len)
{
	uint8_t out[64];
	size_t n = strlen(cmd), wire = 12 + ((n + 3) & ~(size_t)3);
	int got = 0;

	r->tag = r->tag == 255 ? 1 : (uint8_t)(r->tag + 1);
	raw_header(out, 1, r->tag, (uint32_t)n, 1);
	memset(out + 12, 0, wire - 12);
	memcpy(out + 12, cmd, n);
	if (libusb_bulk_transfer(r->h, 0x02, out, (int)wire, &got, 2000) != 0)
		return -1;
	r->tag = r->tag == 255 ? 1 : (uint8_t)(r->tag + 1);
	raw_header(out, 2, r->tag, max, 0);
	if (libusb_bulk_transfer(r->h, 0x02, out, 12, &got, 2000) != 0)
		return -1;
	if (libusb_bulk_transfer(r->h, 0x81, r->buf, (int)((12 + max + 511) / 512 * 512), &got, 2000) != 0)
		return -1;
	*out_len = (size_t)got;
	return 0;
}

int main(int argc, char **argv)
{
	struct emu_config cfg = {.vid = 0x05e6, .pid = 0x2450, .serial = "BENCH1"};
	int queries = argc > 1 ? atoi(argv[1]) : 1000, blocks = argc > 2 ? atoi(argv[2]) : 9, i;
	struct instr_double *dbl;
	struct emu *emu;
	wbg_ctx *ctx = NULL;
	wbg_instr *in = NULL;
	struct raw raw = {0};
	double *q_ours, *q_raw, *b_ours, *b_raw, t0, mo, mr, bo, br;

	emu_ensure_wrapper(argc, argv);
	if (queries < 1 || blocks < 1) {
		fprintf(stderr, "usage: %s [QUERIES > 0 [BLOCKS > 0]]\n", argv[0]);
		return 2;
	}
	dbl = instr_double_new("BENCH1");
	emu = emu_new(&cfg, instr_double_iface(dbl));
	q_ours = calloc((size_t)queries, sizeof(double));
	q_raw = calloc((size_t)queries, sizeof(double));
	b_ours = calloc((size_t)blocks, sizeof(double));
	b_raw = calloc((size_t)blocks, sizeof(double));
	raw.buf = malloc(BLOCK + 1024);
	if (wbg_ctx_new(&ctx) != WBG_OK ||
	    wbg_instr_open(&in, "USB0::0x05E6::0x2450::BENCH1::INSTR", ctx) != WBG_OK) {
		fprintf(stderr, "open: %s\n", wbg_ctx_errmsg(ctx));
		return 1;
	}
	/* Both clients on the one device: ours holds the interface claim; libusb
	 * lets a second handle do bulk transfers on it within this process. */
	printf("USBTMC over the emulated device (umockdev), our stack and a raw libusb client interleaved\n");
	if (libusb_init(&raw.usb) != 0 ||
	    !(raw.h = libusb_open_device_with_vid_pid(raw.usb, 0x05e6, 0x2450))) {
		fprintf(stderr, "raw libusb open failed\n");
		return 1;
	}
	for (i = 0; i < queries; i++) {
		char *reply;
		size_t n;
		t0 = now_s();
		if (wbg_instr_query(in, &reply, "*IDN?", 0.0) != WBG_OK)
			return 1;
		q_ours[i] = now_s() - t0;
		free(reply);
		t0 = now_s();
		if (raw_query(&raw, "*IDN?\n", 4096, &n) != 0 || n < 12)
			return 1;
		q_raw[i] = now_s() - t0;
	}
	for (i = 0; i < blocks; i++) {
		uint8_t *data;
		size_t n;
		t0 = now_s();
		if (wbg_instr_query_block(in, &data, &n, "BLOCK? 4194304", 0.0) != WBG_OK || n != BLOCK)
			return 1;
		b_ours[i] = now_s() - t0;
		free(data);
		t0 = now_s();
		if (raw_query(&raw, "BLOCK? 4194304\n", BLOCK + 16, &n) != 0 || n < BLOCK)
			return 1;
		b_raw[i] = now_s() - t0;
	}
	{
		double bmin_o = b_ours[0], bmin_r = b_raw[0], qmin_o = q_ours[0], qmin_r = q_raw[0];
		for (i = 1; i < blocks; i++) {
			bmin_o = b_ours[i] < bmin_o ? b_ours[i] : bmin_o;
			bmin_r = b_raw[i] < bmin_r ? b_raw[i] : bmin_r;
		}
		for (i = 1; i < queries; i++) {
			qmin_o = q_ours[i] < qmin_o ? q_ours[i] : qmin_o;
			qmin_r = q_raw[i] < qmin_r ? q_raw[i] : qmin_r;
		}
		printf("best of run:\n");
		printf("  *IDN? round trip      wbgkit %7.3f ms   raw libusb %7.3f ms   overhead %+5.1f %%\n",
		       qmin_o * 1e3, qmin_r * 1e3, (qmin_o / qmin_r - 1) * 100);
		printf("  4 MiB block           wbgkit %7.1f MiB/s raw libusb %7.1f MiB/s overhead %+5.1f %%\n",
		       4 / bmin_o, 4 / bmin_r, (bmin_o / bmin_r - 1) * 100);
	}
	mo = median(q_ours, queries);
	mr = median(q_raw, queries);
	bo = median(b_ours, blocks);
	br = median(b_raw, blocks);
	printf("medians of %d queries and %d blocks:\n",
	       queries, blocks);
	printf("  *IDN? round trip      wbgkit %7.3f ms   raw libusb %7.3f ms   overhead %+5.1f %%\n",
	       mo * 1e3, mr * 1e3, (mo / mr - 1) * 100);
	printf("  4 MiB block           wbgkit %7.1f MiB/s raw libusb %7.1f MiB/s overhead %+5.1f %%\n",
	       4 / bo, 4 / br, (bo / br - 1) * 100);
	libusb_close(raw.h);
	libusb_exit(raw.usb);
	wbg_instr_close(in);
	wbg_ctx_free(ctx);
	emu_free(emu);
	instr_double_free(dbl);
	free(q_ours), free(q_raw), free(b_ours), free(b_raw), free(raw.buf);
	return 0;
}
