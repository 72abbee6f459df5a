/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The USBTMC transport through the real libusb usbdevfs code path, against
 * an emulated instrument (usbtmc_emu.c + the test double instr_double.c).
 * Expected values: the test double's documented replies (instr_double.h)
 * and the USBTMC 1.0 / USB488 1.0 request sequences.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "instr_double.h"
#include "usbtmc_emu.h"
#include "wbg/wbg.h"
#include "wbg_test.h"

#define RES "USB0::0x05E6::0x2450::EMU001::INSTR"

struct fx {
	struct instr_double *dbl;
	struct emu *emu;
	wbg_ctx *ctx;
	wbg_instr *in;
};

static void fx_open(struct fx *f, unsigned emu_quirks, const char *driver_quirks, bool kernel)
{
	struct emu_config cfg = {.vid = 0x05e6, .pid = 0x2450, .serial = "EMU001",
	                         .quirks = emu_quirks, .kernel_driver = kernel};

	memset(f, 0, sizeof(*f));
	if (driver_quirks)
		setenv("WBG_USBTMC_QUIRKS", driver_quirks, 1);
	else
		unsetenv("WBG_USBTMC_QUIRKS");
	f->dbl = instr_double_new("EMU001");
	f->emu = emu_new(&cfg, instr_double_iface(f->dbl));
	assert_int_equal(wbg_ctx_new(&f->ctx), WBG_OK);
	if (wbg_instr_open(&f->in, RES, f->ctx) != WBG_OK) {
		print_error("open: %s\n", wbg_ctx_errmsg(f->ctx));
		fail();
	}
	assert_int_equal(wbg_instr_set_timeout(f->in, 2.0), WBG_OK);
}

static void fx_close(struct fx *f)
{
	wbg_instr_close(f->in);
	emu_free(f->emu);
	instr_double_free(f->dbl);
	wbg_ctx_free(f->ctx);
	unsetenv("WBG_USBTMC_QUIRKS");
}

static char *query_ok(struct fx *f, const char *cmd)
{
	char *r = NULL;
	int rc = wbg_instr_query(f->in, &r, cmd, 0.0);

	if (rc != WBG_OK) {
		print_error("%s: %s (%s)\n", cmd, wbg_error_name(rc), wbg_ctx_errmsg(f->ctx));
		fail();
	}
	return r;
}

static void test_round_trip(void **state)
{
	struct fx f;
	wbg_idn idn;
	struct emu_stats st;
	char *r;
	int i;

	(void)state;
	fx_open(&f, 0, NULL, true);
	assert_string_equal(wbg_instr_resource(f.in), RES);
	assert_int_equal(wbg_instr_idn(f.in, &idn), WBG_OK);
	assert_string_equal(idn.manufacturer, "WBG");
	assert_string_equal(idn.model, "DOUBLE-1");
	assert_string_equal(idn.serial, "EMU001");
	assert_string_equal(idn.firmware, "1.0");
	for (i = 0; i < 20; i++) {
		r = query_ok(&f, "*IDN?");
		assert_string_equal(r, "WBG,DOUBLE-1,EMU001,1.0");
		free(r);
	}
	/* Open detached the kernel driver, claimed, asked the capabilities and enabled remote. */
	st = emu_get_stats(f.emu);
	assert_int_equal(st.detach, 1);
	assert_int_equal(st.claims, 1);
	assert_int_equal(st.get_caps, 1);
	assert_int_equal(st.ren, 1);
	assert_int_equal(st.bad_headers, 0);
	assert_int_equal(st.out_msgs, 21);
	assert_int_equal(wbg_instr_set_remote(f.in, 0), WBG_OK);
	assert_int_equal(emu_get_stats(f.emu).go_to_local, 1);
	wbg_instr_close(f.in);
	f.in = NULL;
	/* Close gave the interface back to the kernel driver. */
	assert_int_equal(emu_get_stats(f.emu).attach, 1);
	fx_close(&f);
}

static void test_big_block(void **state)
{
	struct fx f;
	uint8_t *data;
	double *v;
	size_t n, i;
	char *r;

	(void)state;
	fx_open(&f, 0, NULL, false);
	assert_int_equal(wbg_instr_query_block(f.in, &data, &n, "BLOCK? 4194304", 0.0), WBG_OK);
	assert_int_equal(n, 4194304);
	for (i = 0; i < n; i++)
		if (data[i] != instr_double_block_byte(i))
			break;
	assert_int_equal(i, n);
	free(data);
	assert_int_equal(wbg_instr_query_array(f.in, &v, &n, "ARR? 1000", WBG_SCPI_REAL64_LE, 0.0), WBG_OK);
	assert_int_equal(n, 1000);
	assert_double_exact(v[999], 499.5);
	free(v);
	r = query_ok(&f, "TEXT? 100000");
	assert_int_equal(strlen(r), 100000);
	assert_int_equal(r[99999], 'a' + 99999 % 26);
	free(r);
	/* Larger than the configured maximum: refused, and the device is usable after. */
	assert_int_equal(wbg_instr_set_max_response(f.in, 65536), WBG_OK);
	assert_int_equal(wbg_instr_query_block(f.in, &data, &n, "BLOCK? 100000", 0.0), WBG_ERR_OVERFLOW);
	r = query_ok(&f, "*IDN?");
	assert_string_equal(r, "WBG,DOUBLE-1,EMU001,1.0");
	free(r);
	fx_close(&f);
}

static void test_long_write(void **state)
{
	struct fx f;
	struct emu_stats st;
	size_t n = 2621440; /* 2.5 MiB */
	char *cmd = malloc(n + 1);

	(void)state;
	fx_open(&f, 0, NULL, false);
	memset(cmd, 'x', n);
	memcpy(cmd, "*CLS;", 5);
	cmd[n] = '\0';
	if (wbg_instr_write(f.in, cmd) != WBG_OK) {
		st = emu_get_stats(f.emu);
		print_error("%s; device saw %u messages, %u bad headers\n", wbg_ctx_errmsg(f.ctx), st.out_msgs,
		            st.bad_headers);
		fail();
	}
	/* 1 MiB parts: 1 MiB, 1 MiB, 0.5 MiB + "\n"; EOM only on the last. */
	st = emu_get_stats(f.emu);
	assert_int_equal(st.out_msgs, 3);
	assert_int_equal(st.out_eoms, 1);
	assert_int_equal(st.out_bytes, n + 1);
	assert_int_equal(st.bad_headers, 0);
	free(cmd);
	fx_close(&f);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void test_timeout_recovery(void **state)
{
	struct fx f;
	struct emu_stats st;
	char *r;

	(void)state;
	fx_open(&f, 0, NULL, false);
	assert_int_equal(wbg_instr_set_timeout(f.in, 0.03), WBG_OK);
	assert_int_equal(wbg_instr_query(f.in, &r, "NEVER?", 0.0), WBG_ERR_TIMEOUT);
	st = emu_get_stats(f.emu);
	/* The pending request was aborted, then the device cleared. */
	assert_true(st.initiate_abort_in >= 1);
	assert_true(st.initiate_clear >= 1);
	assert_true(st.check_clear >= 1);
	assert_true(st.clear_halt >= 1);
	assert_int_equal(wbg_instr_set_timeout(f.in, 2.0), WBG_OK);
	r = query_ok(&f, "*IDN?");
	assert_string_equal(r, "WBG,DOUBLE-1,EMU001,1.0");
	free(r);
	/* A reply cut short: the 16 bytes that came are reported, then recovery. */
	assert_int_equal(wbg_instr_set_timeout(f.in, 0.03), WBG_OK);
	assert_int_equal(wbg_instr_query(f.in, &r, "PART?", 0.0), WBG_ERR_TIMEOUT);
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "(16 bytes received)"));
	assert_int_equal(wbg_instr_set_timeout(f.in, 2.0), WBG_OK);
	r = query_ok(&f, "*IDN?");
	assert_string_equal(r, "WBG,DOUBLE-1,EMU001,1.0");
	free(r);
	fx_close(&f);
}

static void test_abort_out(void **state)
{
	struct fx f;
	struct emu_stats st;
	char *r;

	(void)state;
	fx_open(&f, 0, NULL, false);
	assert_int_equal(wbg_instr_set_timeout(f.in, 0.03), WBG_OK);
	emu_hold_out(f.emu, true);
	assert_int_equal(wbg_instr_write(f.in, "*CLS"), WBG_ERR_TIMEOUT);
	st = emu_get_stats(f.emu);
	assert_int_equal(st.initiate_abort_out, 1);
	assert_true(st.check_abort_out >= 1);
	assert_true(st.clear_halt >= 1);
	emu_hold_out(f.emu, false);
	assert_int_equal(wbg_instr_set_timeout(f.in, 2.0), WBG_OK);
	r = query_ok(&f, "*IDN?");
	assert_string_equal(r, "WBG,DOUBLE-1,EMU001,1.0");
	free(r);
	fx_close(&f);
}

static void test_status_clear_errors(void **state)
{
	struct fx f;
	wbg_scpi_error errs[4];
	size_t n;
	uint8_t stb;

	(void)state;
	fx_open(&f, 0, NULL, false);
	assert_int_equal(wbg_instr_read_stb(f.in, &stb), WBG_OK);
	assert_int_equal(stb, 0x00);
	assert_int_equal(wbg_instr_write(f.in, "BOGUS"), WBG_OK);
	assert_int_equal(wbg_instr_write(f.in, "MORE:BOGUS"), WBG_OK);
	/* READ_STATUS_BYTE over control + interrupt-IN: error queue bit 2. */
	assert_int_equal(wbg_instr_read_stb(f.in, &stb), WBG_OK);
	assert_int_equal(stb, 0x04);
	assert_int_equal(emu_get_stats(f.emu).read_stb, 2);
	assert_int_equal(wbg_instr_errors(f.in, errs, 4, &n), WBG_OK);
	assert_int_equal(n, 2);
	assert_int_equal(errs[0].code, -113);
	assert_string_equal(errs[1].message, "Undefined header");
	/* Device clear drops a pending reply: MAV goes from set to clear. */
	assert_int_equal(wbg_instr_write(f.in, "*IDN?"), WBG_OK);
	assert_int_equal(wbg_instr_read_stb(f.in, &stb), WBG_OK);
	assert_int_equal(stb, 0x10);
	assert_int_equal(wbg_instr_clear(f.in), WBG_OK);
	assert_int_equal(wbg_instr_read_stb(f.in, &stb), WBG_OK);
	assert_int_equal(stb, 0x00);
	fx_close(&f);
}

static void test_stb_control_only(void **state)
{
	struct instr_double *dbl = instr_double_new("EMU002");
	struct emu_config cfg = {.vid = 0x05e6, .pid = 0x2450, .serial = "EMU002", .no_interrupt = true};
	struct emu *emu = emu_new(&cfg, instr_double_iface(dbl));
	wbg_ctx *ctx;
	wbg_instr *in = NULL;
	uint8_t stb;

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_instr_open(&in, "USB::0x05E6::0x2450::EMU002", ctx), WBG_OK);
	/* No interrupt-IN endpoint: the STB comes in the control reply's third byte. */
	assert_int_equal(wbg_instr_write(in, "BOGUS"), WBG_OK);
	assert_int_equal(wbg_instr_read_stb(in, &stb), WBG_OK);
	assert_int_equal(stb, 0x04);
	assert_int_equal(emu_get_stats(emu).read_stb, 1);
	wbg_instr_close(in);
	wbg_ctx_free(ctx);
	emu_free(emu);
	instr_double_free(dbl);
}

static void test_disconnect(void **state)
{
	struct fx f;
	uint8_t *data;
	size_t n;
	char *r;
	double t0;

	(void)state;
	fx_open(&f, 0, NULL, false);
	emu_disconnect_after(f.emu, 100000);
	t0 = now_s();
	assert_int_equal(wbg_instr_query_block(f.in, &data, &n, "BLOCK? 1048576", 0.0), WBG_ERR_NO_DEVICE);
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "disconnected"));
	assert_int_equal(wbg_instr_query(f.in, &r, "*IDN?", 0.0), WBG_ERR_NO_DEVICE);
	assert_true(now_s() - t0 < 2.0);
	fx_close(&f);
}

static void test_malformed(void **state)
{
	/* MsgID 1 (an OUT header) on bulk-IN; TransferSize 0x7fffffff (more than asked); 5 bytes. */
	static const uint8_t bad_id[16] = {1, 1, 0xfe, 0, 4, 0, 0, 0, 1, 0, 0, 0, 'x', 'y', 'z', '\n'};
	static const uint8_t too_long[16] = {2, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f, 1, 0, 0, 0, 'x', 'y', 'z', '\n'};
	static const uint8_t runt[5] = {2, 1, 0xfe, 0, 4};
	struct fx f;
	char *r;

	(void)state;
	fx_open(&f, 0, "5e6:2450:01", false); /* any bTag, so that only the checked field is wrong */
	emu_inject_in(f.emu, bad_id, sizeof(bad_id));
	assert_int_equal(wbg_instr_query(f.in, &r, "*IDN?", 0.0), WBG_ERR_PROTOCOL);
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "MsgID"));
	r = query_ok(&f, "*IDN?");
	free(r);
	emu_inject_in(f.emu, too_long, sizeof(too_long));
	assert_int_equal(wbg_instr_query(f.in, &r, "*IDN?", 0.0), WBG_ERR_PROTOCOL);
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "more than"));
	r = query_ok(&f, "*IDN?");
	free(r);
	emu_inject_in(f.emu, runt, sizeof(runt));
	assert_int_equal(wbg_instr_query(f.in, &r, "*IDN?", 0.0), WBG_ERR_PROTOCOL);
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "shorter than"));
	r = query_ok(&f, "*IDN?");
	assert_string_equal(r, "WBG,DOUBLE-1,EMU001,1.0");
	free(r);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_big_block),
		cmocka_unit_test(test_long_write),
		cmocka_unit_test(test_timeout_recovery),
		cmocka_unit_test(test_abort_out),
		cmocka_unit_test(test_status_clear_errors),
		cmocka_unit_test(test_stb_control_only),
		cmocka_unit_test(test_disconnect),
		cmocka_unit_test(test_malformed),
	};

	emu_ensure_wrapper(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
