/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Every entry of the USBTMC quirk table reproduced by the emulated device:
 * without the driver quirk the misbehaviour shows (wrong reply, error or
 * silence), with it the reply is right. Quirks are given to the driver by
 * its vid:pid table or by WBG_USBTMC_QUIRKS (vid:pid:flags, hex).
 * Expected replies: the test double's documented answers (instr_double.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../instruments/usbtmc_proto.h"
#include "instr_double.h"
#include "usbtmc_emu.h"
#include "wbg/wbg.h"
#include "wbg_test.h"

#define IDN "WBG,DOUBLE-1,Q1,1.0"

struct fx {
	struct instr_double *dbl;
	struct emu *emu;
	wbg_ctx *ctx;
	wbg_instr *in;
};

/* Open the emulated vid:pid with device quirks and, when driver_quirks is
 * not 0, the same flags given to the driver through the environment. */
static int fx_open(struct fx *f, uint16_t vid, uint16_t pid, unsigned emu_quirks,
                   unsigned driver_quirks, double timeout_s)
{
	struct emu_config cfg = {.vid = vid, .pid = pid, .serial = "Q1", .quirks = emu_quirks};
	char res[80], env[64];
	int rc;

	memset(f, 0, sizeof(*f));
	snprintf(env, sizeof(env), "%x:%x:%x", vid, pid, driver_quirks);
	setenv("WBG_USBTMC_QUIRKS", env, 1);
	f->dbl = instr_double_new("Q1");
	f->emu = emu_new(&cfg, instr_double_iface(f->dbl));
	assert_int_equal(wbg_ctx_new(&f->ctx), WBG_OK);
	snprintf(res, sizeof(res), "USB::0x%04x::0x%04x::Q1::INSTR", vid, pid);
	rc = wbg_instr_open(&f->in, res, f->ctx);
	if (rc == WBG_OK)
		assert_int_equal(wbg_instr_set_timeout(f->in, timeout_s), WBG_OK);
	return rc;
}

static void fx_close(struct fx *f)
{
	wbg_instr_close(f->in);
	emu_free(f->emu);
	instr_double_free(f->dbl);
	wbg_ctx_free(f->ctx);
	unsetenv("WBG_USBTMC_QUIRKS");
}

static int query(struct fx *f, char **out, const char *cmd)
{
	*out = NULL;
	return wbg_instr_query(f->in, out, cmd, 0.0);
}

static void expect_reply(struct fx *f, const char *cmd, const char *want)
{
	char *r;
	int rc = query(f, &r, cmd);

	if (rc != WBG_OK) {
		print_error("%s: %s (%s)\n", cmd, wbg_error_name(rc), wbg_ctx_errmsg(f->ctx));
		fail();
	}
	assert_string_equal(r, want);
	free(r);
}

static void expect_text(struct fx *f, size_t n)
{
	char cmd[32], *r;
	size_t i;
	int rc;

	snprintf(cmd, sizeof(cmd), "TEXT? %zu", n);
	rc = query(f, &r, cmd);
	if (rc != WBG_OK) {
		print_error("%s: %s (%s)\n", cmd, wbg_error_name(rc), wbg_ctx_errmsg(f->ctx));
		fail();
	}
	assert_int_equal(strlen(r), n);
	for (i = 0; i < n; i++)
		if (r[i] != (char)('a' + i % 26))
			break;
	assert_int_equal(i, n);
	free(r);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void test_btag_stale(void **state)
{
	struct fx f;
	char *r;

	(void)state;
	assert_int_equal(fx_open(&f, 0x05e6, 0x2450, EMU_BTAG_STALE, 0, 2.0), WBG_OK);
	assert_int_equal(query(&f, &r, "*IDN?"), WBG_ERR_PROTOCOL);
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "bTag"));
	fx_close(&f);
	assert_int_equal(fx_open(&f, 0x05e6, 0x2450, EMU_BTAG_STALE, WBGI_QUIRK_BTAG_ANY, 2.0), WBG_OK);
	expect_reply(&f, "*IDN?", IDN);
	expect_reply(&f, "*IDN?", IDN);
	fx_close(&f);
}

static void test_header_first_only(void **state)
{
	struct fx f;
	char *r;

	(void)state;
	/* The whole 100001-byte reply in one transfer: more than the driver asked for. */
	assert_int_equal(fx_open(&f, 0x05e6, 0x2450, EMU_HEADER_FIRST_ONLY, 0, 2.0), WBG_OK);
	assert_int_equal(query(&f, &r, "TEXT? 100000"), WBG_ERR_PROTOCOL);
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "more than"));
	fx_close(&f);
	assert_int_equal(fx_open(&f, 0x05e6, 0x2450, EMU_HEADER_FIRST_ONLY, WBGI_QUIRK_HEADER_FIRST_ONLY, 2.0),
	                 WBG_OK);
	expect_text(&f, 100000);
	expect_reply(&f, "*IDN?", IDN);
	fx_close(&f);
}

static void test_rigol_table_entry(void **state)
{
	struct fx f;

	(void)state;
	/* Rigol DS1000Z (1AB1:04CE) gets its quirks from the built-in table alone. */
	assert_int_equal(fx_open(&f, 0x1ab1, 0x04ce, EMU_HEADER_FIRST_ONLY | EMU_BTAG_STALE, 0, 2.0), WBG_OK);
	expect_text(&f, 100000);
	expect_reply(&f, "*IDN?", IDN);
	fx_close(&f);
}

static void test_eom_always(void **state)
{
	struct fx f;
	char *r;

	(void)state;
	/* EOM on every transfer: without the quirk the first transfer passes for the whole reply. */
	assert_int_equal(fx_open(&f, 0x05e6, 0x2450, EMU_EOM_ALWAYS, 0, 2.0), WBG_OK);
	assert_int_equal(query(&f, &r, "TEXT? 100000"), WBG_OK);
	assert_true(strlen(r) < 100000);
	free(r);
	fx_close(&f);
	assert_int_equal(fx_open(&f, 0x05e6, 0x2450, EMU_EOM_ALWAYS, WBGI_QUIRK_EOM_ALWAYS, 2.0), WBG_OK);
	expect_text(&f, 100000);
	expect_reply(&f, "*IDN?", IDN);
	fx_close(&f);
}

static void test_transfer_size_zero(void **state)
{
	struct fx f;
	char *r;

	(void)state;
	assert_int_equal(fx_open(&f, 0x05e6, 0x2450, EMU_TRANSFER_SIZE_ZERO, 0, 2.0), WBG_OK);
	assert_int_equal(query(&f, &r, "*IDN?"), WBG_OK);
	assert_string_equal(r, ""); /* TransferSize 0 with EOM reads as an empty reply */
	free(r);
	fx_close(&f);
	assert_int_equal(fx_open(&f, 0x05e6, 0x2450, EMU_TRANSFER_SIZE_ZERO, WBGI_QUIRK_TRANSFER_SIZE_ZERO, 2.0),
	                 WBG_OK);
	expect_reply(&f, "*IDN?", IDN);
	fx_close(&f);
}

static void test_no_short_packet(void **state)
{
	struct fx f;
	double t0, slow, fast;

	(void)state;
	/* 499 letters + "\n" = 500 bytes: with the 12-byte header exactly one
	 * 512-byte packet, and this device sends no zero-length packet after it.
	 * Without the quirk the read only ends at the 0.15 s timeout (the
	 * data is kept); with it the read ends at once. */
	assert_int_equal(fx_open(&f, 0x05e6, 0x2450, EMU_NO_SHORT_PACKET, 0, 0.15), WBG_OK);
	t0 = now_s();
	expect_text(&f, 499);
	slow = now_s() - t0;
	fx_close(&f);
	assert_int_equal(fx_open(&f, 0x05e6, 0x2450, EMU_NO_SHORT_PACKET, WBGI_QUIRK_NO_SHORT_PACKET, 2.0),
	                 WBG_OK);
	t0 = now_s();
	expect_text(&f, 499);
	fast = now_s() - t0;
	expect_text(&f, 100000);
	fx_close(&f);
	assert_true(slow >= 0.14);
	assert_true(fast < 0.14);
}

static void test_clear_on_open(void **state)
{
	struct fx f;
	char *r;

	(void)state;
	assert_int_equal(fx_open(&f, 0x05e6, 0x2450, EMU_CLEAR_ON_OPEN, 0, 0.03), WBG_OK);
	assert_int_equal(query(&f, &r, "*IDN?"), WBG_ERR_TIMEOUT);
	fx_close(&f);
	assert_int_equal(fx_open(&f, 0x05e6, 0x2450, EMU_CLEAR_ON_OPEN, WBGI_QUIRK_CLEAR_ON_OPEN, 2.0), WBG_OK);
	assert_int_equal(emu_get_stats(f.emu).initiate_clear, 1);
	expect_reply(&f, "*IDN?", IDN);
	fx_close(&f);
}

static void test_no_ren(void **state)
{
	struct fx f;

	(void)state;
	/* Claims REN_CONTROL but stalls it: open survives (warning), and with
	 * the quirk the request is never sent and remote control says so. */
	assert_int_equal(fx_open(&f, 0x05e6, 0x2450, EMU_NO_REN, 0, 2.0), WBG_OK);
	assert_int_equal(emu_get_stats(f.emu).ren, 1);
	expect_reply(&f, "*IDN?", IDN);
	fx_close(&f);
	assert_int_equal(fx_open(&f, 0x05e6, 0x2450, EMU_NO_REN, WBGI_QUIRK_NO_REN, 2.0), WBG_OK);
	assert_int_equal(emu_get_stats(f.emu).ren, 0);
	assert_int_equal(wbg_instr_set_remote(f.in, 1), WBG_ERR_NOT_SUPPORTED);
	expect_reply(&f, "*IDN?", IDN);
	fx_close(&f);
}

static void test_reset_on_open(void **state)
{
	struct fx f;
	char *r;

	(void)state;
	assert_int_equal(fx_open(&f, 0x05e6, 0x2450, EMU_RESET_ON_OPEN, 0, 0.03), WBG_OK);
	assert_int_equal(query(&f, &r, "*IDN?"), WBG_ERR_TIMEOUT);
	fx_close(&f);
	assert_int_equal(fx_open(&f, 0x05e6, 0x2450, EMU_RESET_ON_OPEN, WBGI_QUIRK_RESET_ON_OPEN, 2.0), WBG_OK);
	assert_int_equal(emu_get_stats(f.emu).resets, 1);
	expect_reply(&f, "*IDN?", IDN);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_btag_stale),        cmocka_unit_test(test_header_first_only),
		cmocka_unit_test(test_rigol_table_entry), cmocka_unit_test(test_eom_always),
		cmocka_unit_test(test_transfer_size_zero), cmocka_unit_test(test_no_short_packet),
		cmocka_unit_test(test_clear_on_open),     cmocka_unit_test(test_no_ren),
		cmocka_unit_test(test_reset_on_open),
	};

	emu_ensure_wrapper(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
