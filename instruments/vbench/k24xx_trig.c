/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Keithley 2450/2460/2470 simulation, part three: the rear-panel digital
 * I/O lines used as trigger lines, one source configuration list, and the
 * trigger model built block by block (Model 2450 Reference Manual,
 * 2450-901-01, "Trigger model" and the :DIGital, :TRIGger:DIGital<n>,
 * :TRIGger:BLOCk and :SOURce:CONFiguration:LIST commands; the 2470 manual,
 * 2470-901-01, has the same commands).
 *
 * Modelled blocks: BUFFer:CLEar, CONFig:RECall, CONFig:NEXT,
 * DELay:CONStant, NOTify, MEASure, WAIT (on DIGio<n> events only),
 * BRANch:COUNter, BRANch:ALWays; :TRIGger:LOAD "Empty". A notify block
 * asserts every trigger-out line whose stimulus is that NOTify<n>; the edge
 * travels over the bench's trigger cables (wbg_vbench_link) to the line at
 * the other end, where a trigger-in line records it. A wait block on
 * DIGio<n> goes on at once when an edge was recorded since the trigger
 * model started (or since it entered the block, with ENTer), else the
 * trigger model waits there (:TRIGger:STATe? "WAITING") until an edge
 * arrives; it then runs on from that moment, in parallel with the
 * instrument that drove the edge (the bench counts its work apart and
 * lets the clock reach its end before the next host command). :ABORt
 * stops it. A run is bounded (100000 readings,
 * 2000000 blocks) since the simulation executes it at once.
 * Not modelled: other events, other pre-built trigger models (-224), line
 * logic, edge and pulse width (accepted, no effect), synchronous lines.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "k24xx.h"

#define K24_TM_STEPS_MAX 2000000L

static const char *const tm_names[] = {"IDLE", "RUNNING", "WAITING"};

void wbgi_k24_trig_reset(wbg_vinstr *vi)
{
	struct k24 *k = vi->st;
	int i;

	for (i = 0; i < K24_DIO_LINES; i++) {
		k->dio_mode[i] = K24_DIO_DIG_IN;
		k->dio_stim[i] = 0;
		k->dio_seen[i] = false;
	}
	wbgi_k24_tm_clear(vi);
	k->cl_exists = false;
	k->cl_n = 0;
	k->cl_pos = -1;
	k->cl_name[0] = '\0';
}

void wbgi_k24_tm_clear(wbg_vinstr *vi)
{
	struct k24 *k = vi->st;

	memset(k->blk, 0, sizeof(k->blk));
	k->nblk = 0;
	k->tm_state = K24_TM_IDLE;
	k->pc = 0;
}

bool wbgi_k24_suffix_ok(const struct wbgi_scpi_call *c, const struct wbgi_scpi_cmd *cmd)
{
	/* Digital I/O commands take a line number, the rest a channel (1). */
	int max = strncmp(cmd->pattern, ":DIGital", 8) == 0 ||
	                  strncmp(cmd->pattern, ":TRIGger:DIGital", 16) == 0
	              ? K24_DIO_LINES
	              : 1;
	size_t i;

	for (i = 0; i < c->nsuffix; i++)
		if (c->suffix[i] < 1 || c->suffix[i] > max)
			return false;
	return true;
}

/* "NOTify3", "DIGio2": the event word and its number, or false (-224). */
static bool event_param(struct wbgi_scpi_call *c, size_t i, const char *word, int max, int *out)
{
	const char *p;
	size_t len, d;
	long n;

	if (i >= c->nparam) {
		wbgi_scpi_error(c->vi, -109);
		return false;
	}
	p = c->param[i];
	len = strlen(p);
	for (d = 0; d < len && !isdigit((unsigned char)p[d]); d++)
		;
	if (d == 0 || d == len || len - d > 2 || !wbgi_scpi_word(p, d, word)) {
		wbgi_scpi_error(c->vi, -224);
		return false;
	}
	n = strtol(p + d, NULL, 10);
	if (n < 1 || n > max) {
		wbgi_scpi_error(c->vi, -224);
		return false;
	}
	*out = (int)n;
	return true;
}

/* ---- digital I/O lines ---- */

void wbgi_k24_dig_mode(struct wbgi_scpi_call *c)
{
	static const char *const type_w[] = {"DIGital", "TRIGger", NULL};
	static const char *const dir_w[] = {"IN", "OUT", "OPENdrain", NULL};
	static const char *const names[] = {"DIG,IN",  "DIG,OUT",  "DIG,OPEN",
	                                    "TRIG,IN", "TRIG,OUT", "TRIG,OPEN"};
	struct k24 *k = st(c);
	int line = c->suffix[0], type, dir;

	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%s", names[k->dio_mode[line - 1]]);
		return;
	}
	if (!wbgi_scpi_nparams(c, 2, 2) || !wbgi_scpi_choice(c, 0, type_w, &type) ||
	    !wbgi_scpi_choice(c, 1, dir_w, &dir))
		return;
	k->dio_mode[line - 1] = type * 3 + dir;
	k->dio_seen[line - 1] = false;
}

void wbgi_k24_dig_stim(struct wbgi_scpi_call *c)
{
	struct k24 *k = st(c);
	int line = c->suffix[0], id;
	const char *p;

	if (c->query) {
		wbgi_scpi_begin(c);
		if (k->dio_stim[line - 1])
			wbgi_scpi_printf(c, "NOT%d", k->dio_stim[line - 1]);
		else
			wbgi_scpi_printf(c, "NONE");
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, 1))
		return;
	p = c->param[0];
	if (wbgi_scpi_word(p, strlen(p), "NONE")) {
		k->dio_stim[line - 1] = 0;
		return;
	}
	if (event_param(c, 0, "NOTify", K24_NOTIFY_MAX, &id))
		k->dio_stim[line - 1] = id;
}

/* Line logic, edge and pulse width: checked and accepted, not modelled. */
void wbgi_k24_dig_logic(struct wbgi_scpi_call *c)
{
	static const char *const w[] = {"POSitive", "NEGative", NULL};
	int m;

	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "NEG");
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1))
		wbgi_scpi_choice(c, 0, w, &m);
}

void wbgi_k24_dig_edge(struct wbgi_scpi_call *c)
{
	static const char *const w[] = {"FALLing", "RISing", "EITHer", NULL};
	int m;

	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "FALL");
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1))
		wbgi_scpi_choice(c, 0, w, &m);
}

void wbgi_k24_dig_width(struct wbgi_scpi_call *c)
{
	double v;

	if (c->query) {
		wbgi_k24_put_num(c, 1e-5);
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1))
		wbgi_scpi_num(c, 0, 0.0, 100.0, 1e-5, &v);
}

void wbgi_k24_dig_in_clear(struct wbgi_scpi_call *c)
{
	st(c)->dio_seen[c->suffix[0] - 1] = false;
}

/* ---- source configuration list ---- */

static bool list_named(struct wbgi_scpi_call *c, size_t i)
{
	char *name;

	if (!wbgi_scpi_string(c, i, &name))
		return false;
	if (!st(c)->cl_exists || strcmp(name, st(c)->cl_name) != 0) {
		wbgi_scpi_error(c->vi, -224);
		return false;
	}
	return true;
}

void wbgi_k24_cl_create(struct wbgi_scpi_call *c)
{
	struct k24 *k = st(c);
	char *name;

	if (!wbgi_scpi_nparams(c, 1, 1) || !wbgi_scpi_string(c, 0, &name))
		return;
	/* One list in the simulation; a name used or too long is refused. */
	if (k->cl_exists || strlen(name) == 0 || strlen(name) >= sizeof(k->cl_name)) {
		wbgi_scpi_error(c->vi, k->cl_exists ? -221 : -224);
		return;
	}
	snprintf(k->cl_name, sizeof(k->cl_name), "%s", name);
	k->cl_exists = true;
	k->cl_n = 0;
	k->cl_pos = -1;
}

void wbgi_k24_cl_delete(struct wbgi_scpi_call *c)
{
	if (!wbgi_scpi_nparams(c, 1, 1) || !list_named(c, 0))
		return;
	st(c)->cl_exists = false;
	st(c)->cl_n = 0;
}

void wbgi_k24_cl_store(struct wbgi_scpi_call *c)
{
	struct k24 *k = st(c);
	struct k24_cfg *e;

	if (!wbgi_scpi_nparams(c, 1, 1) || !list_named(c, 0))
		return;
	if (k->cl_n == K24_SWEEP_MAX) {
		wbgi_scpi_error(c->vi, -223);
		return;
	}
	e = &k->cl[k->cl_n++];
	e->func = k->func;
	e->level = k->level[k->func];
	e->limit = k->limit[k->func];
}

void wbgi_k24_cl_size(struct wbgi_scpi_call *c)
{
	if (!wbgi_scpi_nparams(c, 1, 1) || !list_named(c, 0))
		return;
	wbgi_scpi_begin(c);
	wbgi_scpi_printf(c, "%zu", st(c)->cl_n);
}

/* ---- trigger-model blocks ---- */

void wbgi_k24_trig_load(struct wbgi_scpi_call *c)
{
	char *name;

	if (!wbgi_scpi_nparams(c, 1, 1) || !wbgi_scpi_string(c, 0, &name))
		return;
	if (strcmp(name, "Empty") != 0 && strcmp(name, "EMPTY") != 0) {
		wbgi_scpi_error(c->vi, -224); /* other pre-built models: not modelled */
		return;
	}
	wbgi_k24_tm_clear(c->vi);
	st(c)->sweep_set = false;
}

/* The block number (parameter 0) and room for @p min..@p max parameters;
 * NULL after queueing the error. Defining a block stops a sweep command's
 * trigger model. */
static struct k24_block *block_arg(struct wbgi_scpi_call *c, size_t min, size_t max,
                                   enum k24_blk type)
{
	struct k24 *k = st(c);
	struct k24_block *b;
	double n;

	if (!wbgi_scpi_nparams(c, min, max) || !wbgi_scpi_num(c, 0, 1, K24_BLOCKS_MAX, 1, &n))
		return NULL;
	if (k->tm_state != K24_TM_IDLE) {
		wbgi_scpi_error(c->vi, -221); /* not while the trigger model runs */
		return NULL;
	}
	b = &k->blk[(int)n];
	if ((double)(int)n != n) {
		wbgi_scpi_error(c->vi, -224);
		return NULL;
	}
	memset(b, 0, sizeof(*b));
	b->type = type;
	if ((int)n > k->nblk)
		k->nblk = (int)n;
	k->sweep_set = false;
	return b;
}

/* A block's numeric parameter @p i as a count in lo..hi. */
static bool long_arg(struct wbgi_scpi_call *c, size_t i, double lo, double hi, long *out)
{
	double v;

	if (!wbgi_scpi_num(c, i, lo, hi, lo, &v))
		return false;
	if (v != floor(v)) {
		wbgi_scpi_error(c->vi, -224);
		return false;
	}
	*out = (long)v;
	return true;
}

static bool buffer_arg(struct wbgi_scpi_call *c, size_t i)
{
	char *name;

	if (i >= c->nparam)
		return true;
	if (!wbgi_scpi_string(c, i, &name))
		return false;
	if (strcmp(name, "defbuffer1") != 0) {
		wbgi_scpi_error(c->vi, -224);
		return false;
	}
	return true;
}

/* Commit or undo a block whose parameters were checked. */
static void block_done(struct wbgi_scpi_call *c, struct k24_block *b, bool ok)
{
	(void)c;
	if (!ok)
		b->type = K24_B_NONE;
}

void wbgi_k24_blk_bufclear(struct wbgi_scpi_call *c)
{
	struct k24_block *b = block_arg(c, 1, 2, K24_B_BUFCLEAR);

	if (b)
		block_done(c, b, buffer_arg(c, 1));
}

void wbgi_k24_blk_recall(struct wbgi_scpi_call *c)
{
	struct k24_block *b = block_arg(c, 2, 3, K24_B_RECALL);
	bool ok;

	if (!b)
		return;
	ok = list_named(c, 1);
	b->a = 1;
	if (ok && c->nparam > 2)
		ok = long_arg(c, 2, 1, K24_SWEEP_MAX, &b->a);
	block_done(c, b, ok);
}

void wbgi_k24_blk_next(struct wbgi_scpi_call *c)
{
	struct k24_block *b = block_arg(c, 2, 2, K24_B_NEXT);

	if (b)
		block_done(c, b, list_named(c, 1));
}

void wbgi_k24_blk_delay(struct wbgi_scpi_call *c)
{
	struct k24_block *b = block_arg(c, 2, 2, K24_B_DELAY);

	if (b)
		block_done(c, b, wbgi_scpi_num(c, 1, 0.0, 10000.0, 0.0, &b->x));
}

void wbgi_k24_blk_notify(struct wbgi_scpi_call *c)
{
	struct k24_block *b = block_arg(c, 2, 2, K24_B_NOTIFY);

	if (b)
		block_done(c, b, long_arg(c, 1, 1, K24_NOTIFY_MAX, &b->a));
}

void wbgi_k24_blk_measure(struct wbgi_scpi_call *c)
{
	struct k24_block *b = block_arg(c, 1, 3, K24_B_MEASURE);
	bool ok;

	if (!b)
		return;
	b->a = 1;
	ok = buffer_arg(c, 1);
	if (ok && c->nparam > 2)
		ok = long_arg(c, 2, 1, K24_SWEEP_READINGS_MAX, &b->a);
	block_done(c, b, ok);
}

void wbgi_k24_blk_wait(struct wbgi_scpi_call *c)
{
	static const char *const clear_w[] = {"NEVer", "ENTer", NULL};
	struct k24_block *b = block_arg(c, 2, 3, K24_B_WAIT);
	int line, m = 0;
	bool ok;

	if (!b)
		return;
	ok = event_param(c, 1, "DIGio", K24_DIO_LINES, &line);
	if (ok && c->nparam > 2)
		ok = wbgi_scpi_choice(c, 2, clear_w, &m);
	b->a = line;
	b->clear = m == 1;
	block_done(c, b, ok);
}

void wbgi_k24_blk_brcount(struct wbgi_scpi_call *c)
{
	struct k24_block *b = block_arg(c, 3, 3, K24_B_BRCOUNT);
	long to = 0;
	bool ok;

	if (!b)
		return;
	ok = long_arg(c, 1, 1, 268435455, &b->a) && long_arg(c, 2, 1, K24_BLOCKS_MAX, &to);
	b->to = (int)to;
	block_done(c, b, ok);
}

void wbgi_k24_blk_bralways(struct wbgi_scpi_call *c)
{
	struct k24_block *b = block_arg(c, 2, 2, K24_B_BRALWAYS);
	long to = 0;
	bool ok;

	if (!b)
		return;
	ok = long_arg(c, 1, 1, K24_BLOCKS_MAX, &to);
	b->to = (int)to;
	block_done(c, b, ok);
}

void wbgi_k24_trig_state(struct wbgi_scpi_call *c)
{
	struct k24 *k = st(c);

	wbgi_scpi_begin(c);
	wbgi_scpi_printf(c, "%s;%s;%d", tm_names[k->tm_state], tm_names[k->tm_state], k->pc);
}

/* ---- execution ---- */

static void recall(wbg_vinstr *vi, size_t idx)
{
	struct k24 *k = vi->st;
	const struct k24_cfg *e = &k->cl[idx];

	k->cl_pos = (long)idx;
	k->func = e->func;
	k->level[e->func] = e->level;
	k->limit[e->func] = e->limit;
	wbgi_k24_push_drive(vi);
}

/* The trigger model stops on an error: the block's error is queued. */
static void tm_fail(wbg_vinstr *vi, int code)
{
	struct k24 *k = vi->st;

	wbgi_scpi_error(vi, code);
	k->tm_state = K24_TM_IDLE;
}

static void notify(wbg_vinstr *vi, long id)
{
	struct k24 *k = vi->st;
	int i;

	for (i = 0; i < K24_DIO_LINES; i++)
		if ((k->dio_mode[i] == K24_DIO_TRIG_OUT || k->dio_mode[i] == K24_DIO_TRIG_OD) &&
		    k->dio_stim[i] == id)
			wbgi_bench_dio_drive(vi->bench, vi, i + 1);
}

/* Execute blocks from k->pc until the end, a wait or an error. */
static void tm_run(wbg_vinstr *vi)
{
	struct k24 *k = vi->st;
	struct k24_entry e;
	struct k24_block *b;
	long steps = 0, j;

	k->tm_busy = true;
	while (k->tm_state == K24_TM_RUNNING) {
		if (k->pc < 1 || k->pc > k->nblk || k->blk[k->pc].type == K24_B_NONE) {
			k->tm_state = K24_TM_IDLE; /* past the last block: done */
			break;
		}
		if (++steps > K24_TM_STEPS_MAX) {
			tm_fail(vi, -200);
			break;
		}
		b = &k->blk[k->pc];
		switch (b->type) {
		case K24_B_BUFCLEAR:
			k->n = 0;
			break;
		case K24_B_RECALL:
			if (!k->cl_exists || (size_t)b->a > k->cl_n) {
				tm_fail(vi, -222);
				continue;
			}
			recall(vi, (size_t)b->a - 1);
			break;
		case K24_B_NEXT:
			if (!k->cl_exists || k->cl_n == 0) {
				tm_fail(vi, -222);
				continue;
			}
			recall(vi, k->cl_pos < 0 ? 0 : (size_t)(k->cl_pos + 1) % k->cl_n);
			break;
		case K24_B_DELAY:
			wbgi_bench_elapse(vi->bench, b->x);
			break;
		case K24_B_NOTIFY:
			notify(vi, b->a);
			break;
		case K24_B_MEASURE:
			if (k->tm_readings + (double)b->a > K24_SWEEP_READINGS_MAX) {
				tm_fail(vi, -222);
				continue;
			}
			k->tm_readings += (double)b->a;
			for (j = 0; j < b->a; j++) {
				wbgi_k24_take_reading(vi, 0.0, &e);
				wbgi_k24_store(k, &e);
			}
			break;
		case K24_B_WAIT:
			/* Reached afresh (a resumed wait is passed by the edge). */
			if (b->clear)
				k->dio_seen[b->a - 1] = false;
			if (!k->dio_seen[b->a - 1]) {
				k->tm_state = K24_TM_WAITING;
				continue;
			}
			k->dio_seen[b->a - 1] = false;
			break;
		case K24_B_BRCOUNT:
			if (++b->counter < b->a) {
				k->pc = b->to;
				continue;
			}
			b->counter = 0;
			break;
		case K24_B_BRALWAYS:
			k->pc = b->to;
			continue;
		case K24_B_NONE:
		default:
			break;
		}
		k->pc++;
	}
	k->tm_busy = false;
	/* the model ran to its end or a wait: the readings of instruments it
	 * triggered end when their own work does */
	if (k->tm_state == K24_TM_IDLE)
		wbgi_bench_catch_up(vi->bench);
}

bool wbgi_k24_tm_init(wbg_vinstr *vi)
{
	struct k24 *k = vi->st;
	int i;

	if (k->nblk == 0)
		return false;
	if (k->tm_state != K24_TM_IDLE) {
		wbgi_scpi_error(vi, -200); /* already running */
		return true;
	}
	for (i = 1; i <= k->nblk; i++)
		k->blk[i].counter = 0;
	for (i = 0; i < K24_DIO_LINES; i++)
		k->dio_seen[i] = false;
	k->tm_readings = 0;
	k->pc = 1;
	k->tm_state = K24_TM_RUNNING;
	tm_run(vi);
	return true;
}

void wbgi_k24_tm_abort(wbg_vinstr *vi)
{
	struct k24 *k = vi->st;

	k->tm_state = K24_TM_IDLE;
}

void wbgi_k24_dio_edge(wbg_vinstr *vi, int line)
{
	struct k24 *k = vi->st;
	int m = k->dio_mode[line - 1];

	if (m != K24_DIO_TRIG_IN && m != K24_DIO_TRIG_OD)
		return; /* not a trigger-in line: nothing detects the edge */
	if (k->tm_state == K24_TM_IDLE)
		return; /* the detector is cleared when a run starts */
	k->dio_seen[line - 1] = true;
	if (k->tm_state != K24_TM_WAITING || k->tm_busy)
		return; /* recorded for a later wait block */
	if (k->blk[k->pc].type != K24_B_WAIT || k->blk[k->pc].a != line)
		return;
	k->dio_seen[line - 1] = false;
	k->pc++;
	k->tm_state = K24_TM_RUNNING;
	tm_run(vi);
}
